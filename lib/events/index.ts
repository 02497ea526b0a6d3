export { defineEvents, type EventDefinition } from "./define";
export { EVENT_CATALOG, EVENT_TYPES, eventDefinition, isEventType, type EventData, type EventType } from "./catalog";
export { emit, emitMany, emitStandalone, type EmitInput } from "./emit";
export { settleEvents, startChainer } from "./chainer";
