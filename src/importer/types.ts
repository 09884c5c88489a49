import type { MeasureScope, NodeRole, PlanKind } from '../domain/vocabulary.js';

/**
 * The contract between the importer (which reads a plan document) and its users: the CLI, the API's
 * upload preview and the review screen. Everything found carries the source lines it came from and a
 * confidence (0–1), so the coordinator can check it against the document. Nothing is invented.
 */

/** 1-based, inclusive line numbers in `ImportResult.lines`. */
export interface SourceRange {
  from: number;
  to: number;
}

export interface Found<T> {
  value: T;
  source: SourceRange;
  confidence: number;
}

export type ImportFormat = 'txt' | 'md' | 'docx' | 'pdf';

/** A unit name as written in the document, resolved against the organization's units and aliases. */
export interface UnitMatch {
  /** As the document writes it ("Södermøre kommunaldelsförvaltning"). */
  text: string;
  /** The matched unit, when one is close enough. */
  unitId: string | null;
  unitName: string | null;
  /** 1 = exact name or alias; lower for fuzzy matches (misspellings, ø for ö). */
  score: number;
  /** No unit matched well enough: the review screen proposes creating one with this name. */
  proposeNew: boolean;
}

export interface ImportedMeasure {
  code: string | null;
  text: string;
  description: string | null;
  /** The responsibility line as written ("Kommunledningskontoret i samverkan med …"). */
  responsibilityText: string | null;
  lead: UnitMatch[];
  co: UnitMatch[];
  preventionLevels: string[];
  scope: MeasureScope | null;
  examples: string[];
  source: SourceRange;
  confidence: number;
}

export interface ImportedNode {
  role: NodeRole;
  /** The document's own word for it ("Fokusområde", "Inriktningsmål"). */
  label: string | null;
  number: string | null;
  text: string;
  description: string | null;
  preventionLevels: string[];
  source: SourceRange;
  confidence: number;
  children: ImportedNode[];
  measures: ImportedMeasure[];
}

export interface ImportedMetadata {
  title?: Found<string>;
  kind?: Found<PlanKind>;
  validFrom?: Found<string>;
  validTo?: Found<string>;
  validityNote?: Found<string>;
  decisionBody?: Found<string>;
  decisionDate?: Found<string>;
  decisionParagraph?: Found<string>;
  registryNumber?: Found<string>;
  /** The plan it replaces, as the document refers to it. */
  replacesReference?: Found<string>;
  /**
   * The unit that owns the document ("Dokumentansvarig", or a unit named alone on the cover), when it
   * resolves to one of the organization's units. Optional; added after the first version of this contract.
   */
  ownerUnit?: Found<UnitMatch>;
}

export interface ImportResult {
  format: ImportFormat;
  /** The document's text as the importer read it (after extraction and repair), one entry per line. */
  lines: string[];
  metadata: ImportedMetadata;
  nodes: ImportedNode[];
  /** Every distinct unit name found, with its match; the review screen fixes matches here. */
  units: UnitMatch[];
  /** Repairs made to the text (OCR damage, hyphenation) and things the reader should check. */
  notes: { source: SourceRange | null; code: string; text: string }[];
  stats: { goals: number; measures: number; milliseconds: number };
}

export interface ImportUnit {
  id: string;
  name: string;
  shortName: string | null;
  aliases: string[];
}

export class ImportError extends Error {
  constructor(
    /** encrypted | image_only | unreadable | unsupported_format | too_large | empty */
    readonly code: 'encrypted' | 'image_only' | 'unreadable' | 'unsupported_format' | 'too_large' | 'empty',
    message: string,
  ) {
    super(message);
    this.name = 'ImportError';
  }
}

/** The importer's entry point (src/importer/import-document.ts). */
export type ImportDocument = (input: { bytes: Uint8Array; filename: string; units: ImportUnit[] }) => Promise<ImportResult>;
