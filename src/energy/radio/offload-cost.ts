/**
 * The device's side of offloading one inference to a gateway: bring the link
 * up, send the input tensor, wait while the gateway computes, receive the
 * output. Four terms, each reported, that add up to the total:
 *
 *   E = E_setup + E_send + (P_idle + P_link) · t_wait + E_receive + P_host · (t_setup + t_send + t_receive)
 *   t = t_setup + t_send + t_wait + t_receive
 *
 * t_wait is the gateway's compute time, or longer when the link holds the
 * device back (a LoRa device may not poll for the answer before its
 * duty-cycle off-time and receive windows are over). P_idle is the device
 * asleep or idle; P_link what the radio draws to keep the link up meanwhile
 * (profile `connectedIdleW`). The radio currents of an SoC radio already
 * include the chip; for a discrete transceiver pass the host MCU's power
 * while it drives the radio as `hostPowerW`.
 */
import type { RadioProfile } from './radio-profile.js';
import { transferCost, type TransferCost } from './transfer-cost.js';

export interface OffloadRequest {
  /** Bytes of the input tensor (as sent, after any serialisation). */
  inputBytes: number;
  /** Bytes of the output sent back. */
  outputBytes: number;
  /** The gateway's time from receiving the input to having the output ready, s. */
  gatewayComputeS: number;
  /** Device power while it waits for the gateway, W. */
  idlePowerW: number;
  /** Device power besides the radio while the link is being set up or moves data, W. Default 0. */
  hostPowerW?: number;
  /** The link is already up (no setup cost). Default false. */
  linkUp?: boolean;
  /** LoRa only: spreading factor. */
  spreadingFactor?: number;
}

export interface OffloadCost {
  energyJ: number;
  latencyS: number;
  setup: { energyJ: number; latencyS: number };
  send: TransferCost;
  wait: { energyJ: number; latencyS: number };
  receive: TransferCost;
  /** The host's share while the link is set up and moves data. */
  host: { energyJ: number };
}

function nonNegative(name: string, v: number): void {
  if (!Number.isFinite(v) || v < 0) throw new RangeError(`offloadCost: ${name} must be a finite non-negative number, got ${v}`);
}

export function offloadCost(radio: RadioProfile, request: OffloadRequest): OffloadCost {
  const { inputBytes, outputBytes, gatewayComputeS, idlePowerW, hostPowerW = 0, linkUp = false, spreadingFactor } = request;
  nonNegative('gatewayComputeS', gatewayComputeS);
  nonNegative('idlePowerW', idlePowerW);
  nonNegative('hostPowerW', hostPowerW);
  const options = spreadingFactor === undefined ? { linkUp: true } : { linkUp: true, spreadingFactor };
  const send = transferCost(radio, inputBytes, 0, options);
  const receive = transferCost(radio, 0, outputBytes, options);
  const setup = linkUp ? { energyJ: 0, latencyS: 0 } : { energyJ: radio.setup.energyJ, latencyS: radio.setup.latencyS };
  const waitS = Math.max(gatewayComputeS, send.readyAfterS);
  const wait = { energyJ: (idlePowerW + radio.connectedIdleW) * waitS, latencyS: waitS };
  const host = { energyJ: hostPowerW * (setup.latencyS + send.latencyS + receive.latencyS) };
  return {
    energyJ: setup.energyJ + send.energyJ + wait.energyJ + receive.energyJ + host.energyJ,
    latencyS: setup.latencyS + send.latencyS + wait.latencyS + receive.latencyS,
    setup,
    send,
    wait,
    receive,
    host,
  };
}
