import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { ipcChannels, type KioskBridge } from '../contract/kiosk-api';

/**
 * Sandboxed preload: the page gets exactly `window.kiosk = { invoke, subscribe }` and nothing
 * of Electron. Bundled to CommonJS (a sandboxed preload cannot load ES modules or npm packages).
 */
const listeners = new Map<string, Set<(payload: unknown) => void>>();

ipcRenderer.on(ipcChannels.event, (_event: IpcRendererEvent, topic: unknown, payload: unknown) => {
  if (typeof topic !== 'string') return;
  for (const listener of [...(listeners.get(topic) ?? [])]) {
    try {
      listener(payload);
    } catch {
      // One broken page listener must not starve the others.
    }
  }
});

const kiosk: KioskBridge = {
  invoke(method, args) {
    return ipcRenderer.invoke(ipcChannels.invoke, method, args);
  },
  subscribe(topic, listener) {
    if (typeof topic !== 'string' || typeof listener !== 'function') throw new TypeError('subscribe(topic, listener)');
    let set = listeners.get(topic);
    if (!set) {
      set = new Set();
      listeners.set(topic, set);
      ipcRenderer.send(ipcChannels.subscribe, topic);
    }
    set.add(listener);
    return () => {
      if (!set.delete(listener) || set.size > 0) return;
      listeners.delete(topic);
      ipcRenderer.send(ipcChannels.unsubscribe, topic);
    };
  },
};

contextBridge.exposeInMainWorld('kiosk', kiosk);
