/**
 * pip's default index is a public host, and tests aim traffic at no host but the npm registry's
 * (ENVIRONMENT.md). So integration tests run with pip told to use no index, and without the
 * machine's own pip sources: a test that needs one names it (a folder of wheels it builds, or an
 * address under .invalid, which resolves nowhere). Processes the tests start (the CLI) inherit this.
 */
process.env.PIP_NO_INDEX = '1';
delete process.env.PIP_INDEX_URL;
delete process.env.PIP_FIND_LINKS;
