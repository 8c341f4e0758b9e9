import { fail, ok } from '../../../../shared/api/result.js';
import { type Handlers, actor } from '../dispatcher.js';
import type { StationContext } from '../station-context.js';

type QuarantineHandlers = Pick<Handlers, 'quarantine.preview' | 'quarantine.previewPage' | 'quarantine.original' | 'quarantine.markHandled' | 'quarantine.delete'>;

/** An administrator works the quarantine: looks at a file's pages, saves it elsewhere, handles or deletes an entry. */
export function quarantineHandlers(ctx: StationContext): QuarantineHandlers {
  const desk = ctx.quarantineDesk;
  return {
    'quarantine.preview': async (input, caller) => {
      const result = await desk.preview(input.quarantineId, actor(caller)!);
      return result.ok ? ok(result.answer) : fail(result.code, result.message);
    },
    'quarantine.previewPage': async (input) => {
      const result = await desk.previewPage(input.quarantineId, input.page, input.variant);
      if (!result.ok) return fail(result.code, result.message);
      return ok({ fileName: `page-${input.page}.jpg`, contentType: 'image/jpeg', sizeBytes: result.bytes.length, base64: result.bytes.toString('base64') });
    },
    'quarantine.original': async (input, caller) => {
      const result = await desk.original(input.quarantineId, actor(caller)!);
      if (!result.ok) return fail(result.code, result.message);
      return ok({ fileName: result.fileName, contentType: 'application/octet-stream', sizeBytes: result.bytes.length, base64: result.bytes.toString('base64') });
    },
    'quarantine.markHandled': async (input, caller) => {
      const result = desk.markHandled(input.quarantineId, actor(caller)!, caller.user!.displayName, input.note);
      return result.ok ? ok(result.entry) : fail(result.code, result.message);
    },
    'quarantine.delete': async (input, caller) => {
      const result = await desk.remove(input.quarantineId, actor(caller)!, caller.user!.displayName, input.reason);
      return result.ok ? ok(result.entry) : fail(result.code, result.message);
    },
  };
}
