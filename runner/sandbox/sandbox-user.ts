/** The unprivileged account of the node image that learners' code runs as. */
export const LEARNER_UID = 10001;
export const LEARNER = { uid: LEARNER_UID, gid: LEARNER_UID };
export const LEARNER_USER = `${LEARNER_UID}:${LEARNER_UID}`;
