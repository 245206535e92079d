import type { ErrorBody } from '../../shared/contract/errors.js';
import type { NormalisedPage, PageNormaliseOptions } from '../services/imaging/pageNormalise.js';
import type { PdfMetadata, PdfPageInput } from '../services/ocr/searchablePdf.js';

// Messages between the main process and imaging worker threads. Every request carries an id;
// every answer echoes it with either a value or an error envelope.

export type ImagingRequest =
  | { id: number; kind: 'normalise'; bytes: Uint8Array; opts: Omit<PageNormaliseOptions, 'skewMeasure'> }
  | { id: number; kind: 'assemble'; pages: PdfPageInput[]; meta: PdfMetadata };

export type ImagingResponse =
  | { id: number; ok: true; kind: 'normalise'; page: NormalisedPage }
  | { id: number; ok: true; kind: 'assemble'; pdf: Uint8Array }
  | { id: number; ok: false; error: ErrorBody };
