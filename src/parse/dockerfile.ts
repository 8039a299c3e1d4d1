// Placeholder: the Dockerfile model is defined here by the Dockerfile parser.
export interface DockerfileModel {
  path: string;
}
