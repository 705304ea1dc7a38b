import type { Weight } from './faces';

/**
 * The laid-out document: pages of drawing operations in PDF points (origin bottom left), produced by the layout
 * (pure arithmetic) and painted by paint.ts with pdf-lib. Colors are RGB in 0..1 (no transparency: PDF/A).
 */
export type Rgb = readonly [number, number, number];

export type DrawOp =
  | {
      readonly op: 'text';
      readonly x: number;
      /** Baseline. */
      readonly y: number;
      readonly size: number;
      readonly weight: Weight;
      readonly text: string;
      readonly color: Rgb;
      /** Rotation in degrees around (x, y) (the chart's y-axis label). */
      readonly rotate?: number;
    }
  | {
      readonly op: 'line';
      readonly x1: number;
      readonly y1: number;
      readonly x2: number;
      readonly y2: number;
      readonly width: number;
      readonly color: Rgb;
    }
  | {
      readonly op: 'rect';
      readonly x: number;
      readonly y: number;
      readonly w: number;
      readonly h: number;
      readonly fill?: Rgb;
      readonly stroke?: Rgb;
      readonly strokeWidth?: number;
    }
  | {
      readonly op: 'polyline';
      readonly points: readonly (readonly [number, number])[];
      readonly width: number;
      readonly color: Rgb;
    };

export interface LaidOutPage {
  readonly ops: DrawOp[];
}

export const BLACK: Rgb = [0, 0, 0];
export const TEXT: Rgb = [0.1, 0.1, 0.12];
export const MUTED: Rgb = [0.38, 0.38, 0.42];
export const WARNING: Rgb = [0.62, 0.1, 0.05];
export const RULE: Rgb = [0.72, 0.72, 0.75];
export const HEADER_FILL: Rgb = [0.9, 0.92, 0.95];
export const STRIPE_FILL: Rgb = [0.965, 0.97, 0.98];
/** Okabe-Ito: told apart by readers with color-vision deficiency, and in grey print by their lightness. */
export const SERIES: readonly Rgb[] = [
  [0.0, 0.447, 0.698],
  [0.902, 0.624, 0.0],
  [0.0, 0.62, 0.451],
  [0.8, 0.475, 0.655],
  [0.337, 0.706, 0.914],
  [0.835, 0.369, 0.0],
  [0.941, 0.894, 0.259],
];
