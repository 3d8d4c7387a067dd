/** The part of a browser's window the client listens to: the network's online and offline events. */
export interface WindowLike {
  addEventListener(type: string, listener: () => void): void;
  removeEventListener(type: string, listener: () => void): void;
  navigator?: { onLine?: boolean };
}

/** The part of a browser's document the client listens to: visibilitychange. */
export interface DocumentLike {
  readonly visibilityState: string;
  addEventListener(type: string, listener: () => void): void;
  removeEventListener(type: string, listener: () => void): void;
}

export interface PageHooks {
  online(): void;
  offline(): void;
  visible(): void;
}

const listens = (target: any): boolean => typeof target?.addEventListener === "function";

/**
 * The window and document to listen to: the ones given, else the page's own when there is a page
 * (null: none). Node and workers have neither, and the client then simply does not listen.
 */
export function pageOf(win: WindowLike | null | undefined, doc: DocumentLike | null | undefined) {
  const g = globalThis as any;
  const w = win === undefined ? g.window : win;
  const d = doc === undefined ? g.document : doc;
  return { win: listens(w) ? (w as WindowLike) : undefined, doc: listens(d) ? (d as DocumentLike) : undefined };
}

/** False only when the window says the network is down. */
export function isOnline(win: WindowLike | undefined): boolean {
  return win?.navigator?.onLine !== false;
}

/** Listens to the page's network and visibility; returns what stops listening. */
export function watchPage(win: WindowLike | undefined, doc: DocumentLike | undefined, hooks: PageHooks): () => void {
  const online = () => hooks.online();
  const offline = () => hooks.offline();
  const visibility = () => {
    if (doc?.visibilityState === "visible") hooks.visible();
  };
  win?.addEventListener("online", online);
  win?.addEventListener("offline", offline);
  doc?.addEventListener("visibilitychange", visibility);
  return () => {
    win?.removeEventListener("online", online);
    win?.removeEventListener("offline", offline);
    doc?.removeEventListener("visibilitychange", visibility);
  };
}
