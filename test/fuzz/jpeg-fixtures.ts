/**
 * Small JPEG files for the decoder tests and the JPEG fuzz seeds.
 *
 * jpeg-js's encoder only writes 3-component YCbCr JPEGs, so the greyscale
 * (1-component) case, which real Tiny-ImageNet has a few hundred of, is
 * built here by hand from ITU-T T.81 (https://www.w3.org/Graphics/JPEG/itu-t81.pdf):
 * a baseline 8 x 8 image of one block whose DC coefficient is 16 and whose
 * AC coefficients are all zero. With every quantiser 1, the inverse DCT of
 * that block is the constant 16 / 8 = 2 (T.81 A.3.3), plus the level shift
 * of 128 (A.3.1): every pixel is 130.
 */
import jpeg from 'jpeg-js';

/** The grey level every pixel of {@link greyJpeg8x8} decodes to. */
export const greyJpegLevel = 130;

export function greyJpeg8x8(): Uint8Array {
  const marker = (code: number, payload: number[]) => [0xff, code, (payload.length + 2) >> 8, (payload.length + 2) & 0xff, ...payload];
  const oneCodeTable = (classAndId: number, symbol: number) => [classAndId, 1, ...new Array<number>(15).fill(0), symbol];
  return Uint8Array.from([
    0xff, 0xd8, // SOI
    ...marker(0xdb, [0x00, ...new Array<number>(64).fill(1)]), // DQT: table 0, 8-bit, all quantisers 1
    ...marker(0xc0, [8, 0, 8, 0, 8, 1, 1, 0x11, 0]), // SOF0: 8-bit, 8 x 8, one component (id 1, 1x1 sampling, table 0)
    // DHT: DC table 0 holds one 1-bit code "0" for category 5 (values 16-31);
    // AC table 0 one 1-bit code "0" for EOB (0x00). T.81 B.2.4.2, F.1.2.
    ...marker(0xc4, [...oneCodeTable(0x00, 0x05), ...oneCodeTable(0x10, 0x00)]),
    ...marker(0xda, [1, 1, 0x00, 0, 63, 0]), // SOS: one component, tables 0/0, spectral 0-63
    // Scan bits: DC code 0, the 5 value bits 10000 (= 16), AC code 0 (EOB), then 1-padding (F.1.2.3): 0100000 1.
    0x41,
    0xff, 0xd9, // EOI
  ]);
}

/** A colour `width` x `height` JPEG from jpeg-js's encoder: red rising along x, green along y, blue constant 64. */
export function gradientJpeg(width: number, height: number, quality = 90): Uint8Array {
  const rgba = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = 4 * (y * width + x);
      rgba[at] = Math.round((255 * x) / Math.max(1, width - 1));
      rgba[at + 1] = Math.round((255 * y) / Math.max(1, height - 1));
      rgba[at + 2] = 64;
      rgba[at + 3] = 255;
    }
  }
  return new Uint8Array(jpeg.encode({ data: rgba, width, height }, quality).data);
}
