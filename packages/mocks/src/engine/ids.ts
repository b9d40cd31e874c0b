/** Seeded ids: every id and token the platform mints comes from a PRNG seeded by the platform seed. */

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/** cyrb128: four 32-bit seeds from a string. */
function seedWords(seed: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < seed.length; i++) {
    const k = seed.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  return [(h1 ^ h2 ^ h3 ^ h4) >>> 0, (h2 ^ h1) >>> 0, (h3 ^ h1) >>> 0, (h4 ^ h1) >>> 0];
}

/** sfc32: a small, fast, well-distributed PRNG. */
export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: string) {
    [this.a, this.b, this.c, this.d] = seedWords(seed);
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chars(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += ALPHABET[this.nextUint32() % ALPHABET.length];
    return out;
  }
}

/** Mints prefixed ids (`apt_…`, `tok_…`) that are unique within one platform and reproducible from the seed. */
export class IdFactory {
  private readonly prng: Prng;
  private readonly issued = new Set<string>();
  private requestCounter = 0;

  constructor(private readonly seed: string) {
    this.prng = new Prng(`${seed}/ids`);
  }

  next(prefix: string, length = 10): string {
    for (;;) {
      const id = `${prefix}_${this.prng.chars(length)}`;
      if (!this.issued.has(id)) {
        this.issued.add(id);
        return id;
      }
    }
  }

  /**
   * Request ids come from their own counter so that a rejected request, which must not change
   * state, does not shift the ids minted for later resources either.
   */
  nextRequestId(): string {
    this.requestCounter += 1;
    const prng = new Prng(`${this.seed}/req/${this.requestCounter}`);
    return `req_${prng.chars(12)}`;
  }
}
