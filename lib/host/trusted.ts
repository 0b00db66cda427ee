/**
 * Every action handler of a control we inject into Sessionboard's page goes through `trusted`: the
 * page's own scripts can call `.click()` or `dispatchEvent` on what they can reach (our items in its
 * Options menu sit in its DOM), and those events have `isTrusted === false`. Only a person's click or
 * key press (the browser's own events, including the click it makes for Enter on a button) acts.
 */
export interface MaybeTrustedEvent {
  isTrusted?: boolean;
  nativeEvent?: { isTrusted?: boolean };
}

export function isTrustedEvent(event: MaybeTrustedEvent | undefined): boolean {
  if (!event) return false;
  // React's synthetic events copy isTrusted from the native event; look at the native one when present.
  return (event.nativeEvent ? event.nativeEvent.isTrusted : event.isTrusted) === true;
}

/** Wraps an action handler so that events made by page script are ignored. */
export function trusted<E extends MaybeTrustedEvent>(handler: (event: E) => void): (event: E) => void {
  return (event) => {
    if (isTrustedEvent(event)) handler(event);
  };
}
