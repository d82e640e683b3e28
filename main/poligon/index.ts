export { startPoligon } from './server'
export { POLYGON_PINCODE, STATUS_AWAITING_PAYMENT, STATUS_PAID, seedOrders } from './seed'
export type { SeedOrder } from './seed'
export { FAULT_DOES_THE_WORK, FAULT_KINDS, isEndpoint, isFaultKind } from './faults'
export {
  CODE_ACCESS_DENIED,
  CODE_FAILED,
  CODE_INVALID,
  CODE_NOT_FOUND,
  CODE_OK,
  CODE_WRONG_STATE,
} from './state'
export type * from './types'
