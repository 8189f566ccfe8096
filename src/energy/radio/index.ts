/** Public API of the radio model: cited radio profiles, LoRa time on air, transfer and offload costs (docs/energy-model.md, "Radios and offload"). */
export {
  RADIO_FORMAT, RADIO_VERSION, radioProfileSchema, bleRadioSchema, wifiRadioSchema, loraRadioSchema,
  type RadioProfile, type RadioKind, type BleRadioProfile, type WifiRadioProfile, type LoraRadioProfile,
} from './radio-profile.js';
export { BUILTIN_RADIOS_DIR, builtinRadioIds, loadRadioProfile, parseRadioProfile, readRadioProfileFile } from './read-radio-profile.js';
export { loraTimeOnAirS, loraPayloadSymbols, loraSymbolTimeS, LORA_LDRO_SYMBOL_TIME_S, type LoraPacket } from './lora-time-on-air.js';
export { loraEmptyWindowS, loraMaxPayloadBytes, loraReceiveHoldS } from './lora-link.js';
export { phaseEnergyJ, type Direction, type LinkTiming, type PhaseCost } from './link-phase.js';
export { transferCost, linkTiming, type TransferCost, type TransferOptions } from './transfer-cost.js';
export { offloadCost, type OffloadCost, type OffloadRequest } from './offload-cost.js';
