import { unpackArchive, type UnpackReport } from './unpack-archive';
import { uploadPathRoom } from './archive-files';
import type { UploadLimits } from './upload-limits';
import { UploadRejected } from './upload-rejected';

/**
 * The checks an upload passes before its 202: every entry as a worker will unpack it under
 * `dataDir`, and at least one file to grade.
 */
export async function checkUpload(
  file: string,
  dataDir: string,
  limits: UploadLimits,
): Promise<UnpackReport> {
  const report = await unpackArchive(file, { limits, maxPathBytes: uploadPathRoom(dataDir) });
  if (report.files === 0) {
    // Said apart, since "no files" is puzzling to someone who sent megabytes of node_modules.
    const only = report.ignored ? ' outside node_modules and .git, which are never kept' : '';
    throw new UploadRejected(
      422,
      `the archive has no files${only}; pack the project from inside its folder with \`tar czf project.tar.gz .\``,
    );
  }
  return report;
}
