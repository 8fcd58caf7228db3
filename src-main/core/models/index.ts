export { buildModel, listArchitectures, countParams } from './registry';
export type { Architecture, ModelOptions, ArchitectureInfo, ParamCount } from './registry';
export { ChannelSlice, ChannelShuffle } from './channel-ops';
