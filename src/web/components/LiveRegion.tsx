import { useEffect, useState } from 'react';

let setMessage: ((message: string) => void) | undefined;

/** Says something to screen-reader users without moving focus (saved, filtered to 5 measures …). */
export function announce(message: string): void {
  setMessage?.('');
  // A change of text is what makes the live region speak; clear first so a repeat is spoken too.
  window.setTimeout(() => setMessage?.(message), 50);
}

export function LiveRegion() {
  const [message, set] = useState('');
  useEffect(() => {
    setMessage = set;
    return () => {
      setMessage = undefined;
    };
  }, []);
  return (
    <div className="visually-hidden" role="status" aria-live="polite" aria-atomic="true">
      {message}
    </div>
  );
}
