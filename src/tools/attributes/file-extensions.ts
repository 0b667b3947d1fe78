/**
 * File extensions as the tools offer them (the original's names) → the value sent in `AttributeModel.fileFormat`.
 * Where web_api_v1's `fileFormat` enum has a member (`Txt`, `Jpeg`, `Targz`…) that member is sent; the three
 * extensions the spec lacks (DWG, BPMN, ICO) are sent as the original sent them.
 */
export const FILE_EXTENSION_WIRE = {
  PDF: 'Pdf',
  TXT: 'Txt',
  PNG: 'Png',
  JPG: 'Jpeg',
  CSV: 'Csv',
  XLSX: 'Xlsx',
  DOCX: 'Docx',
  PPTX: 'Pptx',
  VSDX: 'Vsdx',
  MSG: 'Msg',
  ZIP: 'Zip',
  BMP: 'Bmp',
  EMF: 'Emf',
  DWG: 'DWG',
  BPMN: 'BPMN',
  LOG: 'Log',
  RAR: 'Rar',
  TAR: 'Tar',
  'TAR.GZ(TGZ)': 'Targz',
  GZ: 'Gz',
  BZ2: 'Bz2',
  'TAR.BZ2': 'Tarbz2',
  ENV: 'Env',
  UNL: 'Unl',
  EML: 'Eml',
  SQL: 'Sql',
  ISO: 'Iso',
  CONF: 'Conf',
  ICO: 'ICO',
} as const;

/** An extension name as the tools offer it. */
export type FileExtension = keyof typeof FILE_EXTENSION_WIRE;

/** Every extension a document attribute can be limited to. */
export const DOCUMENT_EXTENSIONS = Object.keys(FILE_EXTENSION_WIRE) as [FileExtension, ...FileExtension[]];

/** The extensions an image attribute can be limited to. */
export const IMAGE_EXTENSIONS = ['PNG', 'JPG', 'BMP', 'EMF'] as const satisfies readonly FileExtension[];

/**
 * The wire values of a list of extensions, without duplicates.
 * @param extensions - names as the tools offer them
 */
export function toWireFileFormats(extensions: readonly FileExtension[]): string[] {
  return [...new Set(extensions.map((e) => FILE_EXTENSION_WIRE[e]))];
}

/**
 * The tool names of wire `fileFormat` values (case-insensitive; unknown values are upper-cased).
 * @param formats - values as the platform returns them
 */
export function fromWireFileFormats(formats: readonly string[]): string[] {
  return formats.map((value) => {
    const hit = Object.entries(FILE_EXTENSION_WIRE).find(
      ([, wire]) => wire.toLowerCase() === value.toLowerCase(),
    );
    return hit ? hit[0] : value.toUpperCase();
  });
}
