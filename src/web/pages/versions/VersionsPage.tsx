// Being written: replaced by the page's real implementation.
export function Component() {
  return null;
}
