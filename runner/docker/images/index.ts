export { IMAGE, IMAGE_KEY_LABEL, SERVICE_IMAGES, type ImageName, type ServiceImageName } from './catalog';
export {
  buildImages,
  type BuildAction,
  type BuildImagesOptions,
  type ImageBuildOutcome,
} from './build-images';
export { imageStatus, type ImageState, type ImageStatus } from './image-status';
