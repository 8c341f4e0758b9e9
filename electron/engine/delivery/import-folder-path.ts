import { isAbsolute } from 'node:path';
import { TargetConfig, isSharePath } from '../../../shared/domain/delivery-targets.js';

/**
 * The shared schema accepts an import folder that is absolute under either convention, since a
 * form in a browser cannot know the station's system. The station judges it by its own: on Linux,
 * C:\import would be a folder beneath the working directory.
 */
export const isImportFolderPath = (path: string) => isAbsolute(path) || isSharePath(path);

/** The shared TargetConfig, with the import folder checked by this station's own path rules. */
export const StationTargetConfig = TargetConfig.superRefine((target, ctx) => {
  if (target.kind === 'folder' && !isImportFolderPath(target.path)) {
    ctx.addIssue({ code: 'custom', path: ['path'], message: 'The import folder must be an absolute path on this station.' });
  }
});
