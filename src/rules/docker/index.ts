// The Dockerfile (SR3xx) and .dockerignore (SR4xx) rules, in code order.
import type { Rule } from '../types.js';
import fullBaseImage from './full-base-image.js';
import buildToolsInFinalStage from './build-tools-in-final-stage.js';
import cleanupInSeparateLayer from './cleanup-in-separate-layer.js';
import aptListsNotRemoved from './apt-lists-not-removed.js';
import aptInstallRecommends from './apt-install-recommends.js';
import aptUpdateAlone from './apt-update-alone.js';
import apkCache from './apk-cache.js';
import pipCacheInImage from './pip-cache-in-image.js';
import devDependenciesInImage from './dev-dependencies-in-image.js';
import copyBeforeInstall from './copy-before-install.js';
import mergeConsecutiveRuns from './merge-consecutive-runs.js';
import missingDockerignore from './missing-dockerignore.js';
import dockerignoreMissingEntry from './dockerignore-missing-entry.js';

export const dockerRules: Rule[] = [
  fullBaseImage,
  buildToolsInFinalStage,
  cleanupInSeparateLayer,
  aptListsNotRemoved,
  aptInstallRecommends,
  aptUpdateAlone,
  apkCache,
  pipCacheInImage,
  devDependenciesInImage,
  copyBeforeInstall,
  mergeConsecutiveRuns,
  missingDockerignore,
  dockerignoreMissingEntry,
];
