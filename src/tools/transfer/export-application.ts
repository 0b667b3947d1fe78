import { createHash } from 'node:crypto';
import { z } from 'zod';
import { exportApplication } from '../../platform/api/transfer-api.js';
import { compact } from '../compact.js';
import { defineTool } from '../define-tool.js';
import { applicationInput } from '../tool-inputs.js';
import { ToolFailure } from '../tool-failure.js';
import { listZipEntries } from './zip-entries.js';

/** Largest archive whose base64 is put in the result; bigger ones are described, not sent to the model. */
export const INLINE_CTF_BYTES = 6 * 1024;
const LISTED_FILES = 60;
const LOG_LINES = 20;

/** `export_application`: exports an application (приложение) as a CTF archive and describes it. */
export const exportApplicationTool = defineTool({
  name: 'export_application',
  group: 'transfer',
  description:
    "Export an application (RU: экспорт приложения, выгрузка) in CTF (Comindware Transfer Format: a ZIP of JSON files with its templates, attributes, forms, datasets, toolbars and buttons). Answers the export result, the platform's log, the archive size, its SHA-256 and the files inside (templates and their parts). The archive itself is only included (base64) when it is tiny; it is not saved on the server.",
  inputSchema: z.object({
    application_system_name: applicationInput,
    save_to_file: z
      .boolean()
      .default(true)
      .describe(
        'Kept for compatibility with the original: this server has no file store yet, so nothing is saved; the result says so.',
      ),
  }),
  destructive: false,
  readOnly: true,
  run: async ({ application_system_name, save_to_file }, { platform, signal }) => {
    const result = await exportApplication(platform(), application_system_name, signal);
    const ctf = result as Record<string, unknown>;
    const encoded = typeof result.data === 'string' && result.data !== '' ? result.data : ctf.ctf;
    if (typeof encoded !== 'string' || encoded === '')
      throw new ToolFailure(
        `The platform answered the export of ${application_system_name} without the archive${
          result.summary?.resultMessage ? ` (${result.summary.resultMessage})` : ''
        }.`,
        502,
      );
    const archive = Buffer.from(encoded, 'base64');
    const entries = listZipEntries(archive);
    const templates = entries
      ? [
          ...new Set(
            entries
              .map((e) => /^[^/]+\/(\w+Templates)\/([^/]+)\//u.exec(e.name))
              .filter((m): m is RegExpExecArray => m !== null)
              .map((m) => `${m[1]}/${m[2]}`),
          ),
        ]
      : undefined;
    const units = result.summary?.transferLog?.units ?? [];
    const small = archive.length <= INLINE_CTF_BYTES;
    return {
      application: application_system_name,
      ...compact({
        result_message: result.summary?.resultMessage,
        elapsed_time: result.summary?.elapsedTime,
      }),
      log: units.slice(0, LOG_LINES).map((u) => compact({ type: u.type, message: u.message })),
      archive: {
        format: entries ? 'zip' : 'unknown',
        size_bytes: archive.length,
        sha256: createHash('sha256').update(archive).digest('hex'),
        ...(entries
          ? {
              file_count: entries.length,
              templates,
              files: entries.slice(0, LISTED_FILES).map((e) => e.name),
            }
          : {}),
        ...(small ? { content_base64: archive.toString('base64') } : {}),
      },
      saved_to_file: false,
      note: `${
        small
          ? 'The archive is small enough to be included as content_base64.'
          : `The ${archive.length}-byte archive is not passed to the model (only archives up to ${INLINE_CTF_BYTES} bytes are).`
      }${save_to_file ? ' It was not saved to a file: this server has no file store; export it in the platform UI to download it.' : ''}`,
    };
  },
});
