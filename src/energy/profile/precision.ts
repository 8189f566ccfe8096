/** The precisions and op classes the energy model prices (they match the ladder manifest's and the model summary's names). */
export const PRECISIONS = ['float32', 'int16', 'int8', 'int4', 'int2'] as const;
export type Precision = (typeof PRECISIONS)[number];

export const OP_CLASSES_WITH_MACS = ['conv', 'depthwise', 'dense'] as const;
export type MacOpClass = (typeof OP_CLASSES_WITH_MACS)[number];
