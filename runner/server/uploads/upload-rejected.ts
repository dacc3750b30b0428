/**
 * An upload that is refused, with the HTTP status to answer and, when one entry is to blame, its
 * path as it appears in the archive.
 */
export class UploadRejected extends Error {
  constructor(
    readonly status: 400 | 413 | 415 | 422,
    message: string,
    readonly entry?: string,
  ) {
    super(message);
    this.name = 'UploadRejected';
  }
}
