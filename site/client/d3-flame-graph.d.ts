/**
 * The part of d3-flame-graph 5 (no bundled types) that site/client/flamegraph-view.ts uses.
 * Nodes are d3-hierarchy nodes over our {name, value, children} data.
 */
declare module "d3-flame-graph" {
  import type { Selection } from "d3-selection";

  export interface FlameDatum {
    name: string;
    value: number;
    children?: FlameDatum[];
  }

  export interface FlameHierarchyNode<D = FlameDatum> {
    readonly data: D;
    readonly depth: number;
    readonly value: number;
    readonly x0: number;
    readonly x1: number;
    readonly parent: FlameHierarchyNode<D> | null;
  }

  /** A tooltip is a function called with the chart's svg selection, plus show/hide. */
  export interface FlameTooltip<D = FlameDatum> {
    (selection: unknown): void;
    show(event: MouseEvent, node: FlameHierarchyNode<D>): void;
    hide(): void;
  }

  export interface FlameGraph<D = FlameDatum> {
    (selection: Selection<HTMLElement, D, null, undefined>): void;
    width(w: number): FlameGraph<D>;
    cellHeight(h: number): FlameGraph<D>;
    minFrameSize(px: number): FlameGraph<D>;
    transitionDuration(ms: number): FlameGraph<D>;
    sort(s: boolean | ((a: FlameHierarchyNode<D>, b: FlameHierarchyNode<D>) => number)): FlameGraph<D>;
    title(t: string): FlameGraph<D>;
    tooltip(t: FlameTooltip<D>): FlameGraph<D>;
    label(fn: (node: FlameHierarchyNode<D>) => string): FlameGraph<D>;
    setDetailsElement(el: HTMLElement | null): FlameGraph<D>;
    setSearchMatch(fn: (node: FlameHierarchyNode<D>, term: string) => boolean): FlameGraph<D>;
    setSearchHandler(
      fn: (results: FlameHierarchyNode<D>[], sum: number, total: number) => void,
    ): FlameGraph<D>;
    onClick(fn: (node: FlameHierarchyNode<D>) => void): FlameGraph<D>;
    search(term: string): void;
    clear(): void;
    resetZoom(): void;
    destroy(): void;
  }

  export default function flamegraph<D = FlameDatum>(): FlameGraph<D>;
}
