import { CACHE_MOUNT, PUBLISHED, PUBLISHED_TREE } from './linked-dependencies';
import { waitForGatewayCommand } from './registry-gateway';

/** The install container's first line of output on a restore, and when it cannot install. */
export const CACHE_HIT = 'backlab: dependencies restored from cache';
export const NOT_CACHED = 'backlab: dependencies not cached';

/**
 * Runs as the learner account. A cache hit copies the published tree; a miss with no way out
 * (no gateway) says so before any of the learner's code runs; else it installs, then publishes
 * node_modules by renaming a complete staging copy into place: the rename is atomic, so a reader
 * sees a whole tree or none, and of two concurrent installs the second just discards its copy.
 * node_modules itself cannot be a mount: `npm ci` removes the folder.
 */
export function installScript(): string {
  return [
    'set -eu',
    `if [ -d ${CACHE_MOUNT}/${PUBLISHED_TREE} ]; then cp -a ${CACHE_MOUNT}/${PUBLISHED_TREE} ./node_modules; echo '${CACHE_HIT}'; exit 0; fi`,
    `if [ -z "\${npm_config_proxy:-}" ]; then echo '${NOT_CACHED}'; exit 0; fi`,
    `${waitForGatewayCommand()} || { echo 'backlab: the registry gateway did not answer'; exit 1; }`,
    'sh -c "$INSTALL_COMMAND"',
    'rm -rf "$STAGING" && mkdir -p "$STAGING"',
    'if [ -d node_modules ]; then cp -a node_modules "$STAGING/node_modules"; else mkdir "$STAGING/node_modules"; fi',
    `mv -T "$STAGING" ${CACHE_MOUNT}/${PUBLISHED} 2>/dev/null || rm -rf "$STAGING"`,
  ].join('\n');
}
