/**
 * WFDB annotation type codes and their mnemonics, as defined in the WFDB
 * library's <wfdb/ecgcodes.h> and tabulated in the PhysioNet man page
 * annot(5) and in "MIT-BIH Arrhythmia Database Directory" (Moody & Mark),
 * section "Annotations". Codes 15 and 17 are unassigned; 42-49 are left for
 * local use (ACMAX = 49); 59-63 are the format's control codes (annotations.ts).
 */

/** code → symbol (the `anntyp` mnemonic strings of ecgcodes.h / annstr()). */
export const wfdbAnnotationSymbols: Readonly<Record<number, string>> = Object.freeze({
  1: 'N', // NORMAL    normal beat
  2: 'L', // LBBB      left bundle branch block beat
  3: 'R', // RBBB      right bundle branch block beat
  4: 'a', // ABERR     aberrated atrial premature beat
  5: 'V', // PVC       premature ventricular contraction
  6: 'F', // FUSION    fusion of ventricular and normal beat
  7: 'J', // NPC       nodal (junctional) premature beat
  8: 'A', // APC       atrial premature contraction
  9: 'S', // SVPB      premature or ectopic supraventricular beat
  10: 'E', // VESC     ventricular escape beat
  11: 'j', // NESC     nodal (junctional) escape beat
  12: '/', // PACE     paced beat
  13: 'Q', // UNKNOWN  unclassifiable beat
  14: '~', // NOISE    signal quality change
  16: '|', // ARFCT    isolated QRS-like artifact
  18: 's', // STCH     ST change
  19: 'T', // TCH      T-wave change
  20: '*', // SYSTOLE
  21: 'D', // DIASTOLE
  22: '"', // NOTE     comment annotation
  23: '=', // MEASURE  measurement annotation
  24: 'p', // PWAVE    P-wave peak
  25: 'B', // BBB      left or right bundle branch block beat
  26: '^', // PACESP   non-conducted pacer spike
  27: 't', // TWAVE    T-wave peak
  28: '+', // RHYTHM   rhythm change
  29: 'u', // UWAVE    U-wave peak
  30: '?', // LEARN    beat not classified during learning
  31: '!', // FLWAV    ventricular flutter wave
  32: '[', // VFON     start of ventricular flutter/fibrillation
  33: ']', // VFOFF    end of ventricular flutter/fibrillation
  34: 'e', // AESC     atrial escape beat
  35: 'n', // SVESC    supraventricular escape beat
  36: '@', // LINK     link to external data (aux holds a URL)
  37: 'x', // NAPC     non-conducted P-wave (blocked APB)
  38: 'f', // PFUS     fusion of paced and normal beat
  39: '(', // WFON     waveform onset
  40: ')', // WFOFF    waveform end
  41: 'r', // RONT     R-on-T premature ventricular contraction
});

/**
 * Codes that mark a beat (QRS complex): the "Beat annotations" list of
 * PhysioBank's annotation table (https://archive.physionet.org/physiobank/annotations.shtml:
 * N L R B A a J S V r F e j n E / f Q ?), which is also the `isqrs` set of
 * the WFDB library (ecgmap.h). Everything else — rhythm changes `+`, noise
 * `~`, artifacts `|`, waves, and the blocked P wave `x`, which has no QRS —
 * is a non-beat annotation.
 */
export const wfdbBeatCodes: ReadonlySet<number> = new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 25, 30, 34, 35, 38, 41]);

/** The symbol of `code`, or undefined for unassigned / local codes. */
export function wfdbSymbolOf(code: number): string | undefined {
  return wfdbAnnotationSymbols[code];
}

/** The code of `symbol` (inverse of {@link wfdbAnnotationSymbols}), or undefined. */
export function wfdbCodeOf(symbol: string): number | undefined {
  for (const [code, s] of Object.entries(wfdbAnnotationSymbols)) if (s === symbol) return Number(code);
  return undefined;
}

export function isWfdbBeatCode(code: number): boolean {
  return wfdbBeatCodes.has(code);
}
