/**
 * What the current user may do. Until accounts exist everyone may do everything; pages ask
 * here, so hiding an action for a role later is a change in one place (the server enforces it).
 */
export type Capability = 'edit_plan' | 'edit_units' | 'transition_plan' | 'create_plan';

export function useCapabilities(): { can: (capability: Capability) => boolean } {
  return { can: () => true };
}
