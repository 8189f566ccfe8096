/**
 * Channel spaces for structured pruning. Every convolution or linear layer
 * opens a new space: the set of its output channels. Layers that act per
 * channel (batch norm, activations, pooling, depthwise convolution) keep the
 * space they are given; a residual addition ties two spaces channel by
 * channel, so pruning channel c of one must prune channel c of the other. A
 * union-find over spaces (Tarjan 1975, "Efficiency of a Good But Not Linear
 * Set Union Algorithm", JACM 22(2)) collects the tied spaces into groups.
 *
 * The channel axis of a tensor is a list of segments (a concatenation joins
 * the segments of its branches) times a repeat: after flattening a map of S
 * cells, each channel stands for S consecutive features. When two axes split
 * differently are tied (a residual over a concatenation), the spaces are cut
 * at the union of both boundaries first: a cut applies to every space tied to
 * the one cut, so tied spaces always stay cut alike, and only uncut spaces
 * (leaves) ever become channel groups.
 */

export interface Segment {
  /** A space id while the graph is built, a group id once resolved. */
  id: number;
  size: number;
}

export interface ChannelAxis {
  segments: Segment[];
  /** Features per channel: 1 on a channel axis, S after flattening a map of S cells. */
  repeat: number;
}

/** Total channels of an axis (before the repeat). */
export function axisChannels(axis: ChannelAxis): number {
  return axis.segments.reduce((n, s) => n + s.size, 0);
}

export class ChannelSpaces {
  private readonly parent: number[] = [];
  private readonly sizes: number[] = [];
  private readonly fixedRoots = new Set<number>();
  /** Root -> every space tied to it. */
  private readonly classes = new Map<number, number[]>();
  /** A cut space -> its pieces in order. */
  private readonly pieces = new Map<number, number[]>();

  private create(size: number): number {
    const id = this.parent.length;
    this.parent.push(id);
    this.sizes.push(size);
    this.classes.set(id, [id]);
    return id;
  }

  /** A fresh space of `size` channels, as the one segment of a new axis. */
  open(size: number): ChannelAxis {
    return { segments: [{ id: this.create(size), size }], repeat: 1 };
  }

  find(id: number): number {
    let root = id;
    while (this.parent[root] !== root) root = this.parent[root]!;
    while (this.parent[id] !== root) {
      const next = this.parent[id]!;
      this.parent[id] = root;
      id = next;
    }
    return root;
  }

  /** Ties two spaces of equal size channel by channel. */
  private unite(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return;
    this.parent[rb] = ra;
    this.classes.get(ra)!.push(...this.classes.get(rb)!);
    this.classes.delete(rb);
    if (this.fixedRoots.delete(rb)) this.fixedRoots.add(ra);
  }

  /** The uncut spaces making up `id`, in channel order. */
  leaves(id: number): Segment[] {
    const p = this.pieces.get(id);
    return p ? p.flatMap((c) => this.leaves(c)) : [{ id, size: this.sizes[id]! }];
  }

  /** An axis with every segment replaced by its uncut pieces. */
  leafAxis(axis: ChannelAxis): ChannelAxis {
    return { segments: axis.segments.flatMap((s) => this.leaves(s.id)), repeat: axis.repeat };
  }

  /** Cuts leaf `id` (and every space tied to it) into pieces of `lengths`, tying the pieces alike. */
  private cut(id: number, lengths: readonly number[]): void {
    const root = this.find(id);
    const fixed = this.fixedRoots.has(root);
    const cuts = this.classes.get(root)!.map((m) => {
      const p = lengths.map((n) => this.create(n));
      this.pieces.set(m, p);
      return p;
    });
    lengths.forEach((_, i) => {
      for (const p of cuts) this.unite(cuts[0]![i]!, p[i]!);
      if (fixed) this.fixedRoots.add(this.find(cuts[0]![i]!));
    });
  }

  /** Cuts the first leaf of `axis` that a position of `bounds` falls inside; false when there is none. */
  private cutOnce(axis: ChannelAxis, bounds: readonly number[]): boolean {
    let start = 0;
    for (const s of this.leafAxis(axis).segments) {
      const end = start + s.size;
      const inner = bounds.filter((b) => b > start && b < end);
      if (inner.length) {
        const edges = [start, ...inner, end];
        this.cut(s.id, edges.slice(1).map((e, i) => e - edges[i]!));
        return true;
      }
      start = end;
    }
    return false;
  }

  /** Segment end positions of an axis's leaves. */
  private ends(axis: ChannelAxis): number[] {
    let at = 0;
    return this.leafAxis(axis).segments.map((s) => (at += s.size));
  }

  /**
   * Ties two axes that are added elementwise, cutting spaces where their
   * boundaries differ; returns null on success, else why they cannot be tied.
   */
  uniteAxes(a: ChannelAxis, b: ChannelAxis): string | null {
    if (a.repeat !== b.repeat || axisChannels(a) !== axisChannels(b)) {
      return `cannot tie ${axisChannels(a)}×${a.repeat} channels to ${axisChannels(b)}×${b.repeat}`;
    }
    // A cut also cuts the spaces tied to the one cut, which may add boundaries
    // elsewhere: cut one leaf at a time until both axes are split alike.
    for (;;) {
      const bounds = [...new Set([...this.ends(a), ...this.ends(b)])];
      if (!this.cutOnce(a, bounds) && !this.cutOnce(b, bounds)) break;
    }
    const la = this.leafAxis(a).segments;
    const lb = this.leafAxis(b).segments;
    la.forEach((s, i) => this.unite(s.id, lb[i]!.id));
    return null;
  }

  /** Marks the channels of `axis` as not prunable (model input and output). */
  fix(axis: ChannelAxis): void {
    for (const s of this.leafAxis(axis).segments) this.fixedRoots.add(this.find(s.id));
  }

  isFixed(id: number): boolean {
    return this.fixedRoots.has(this.find(id));
  }

  sizeOf(id: number): number {
    return this.sizes[id]!;
  }
}
