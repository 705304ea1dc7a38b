import { contextBridge, ipcRenderer } from 'electron';
import { ipcChannel, methodsFromArgv } from '../../src-shared/ipc/channel';

/**
 * The preload (sandboxed, context-isolated): exposes exactly the contract's methods as `window.whiteCross`, each
 * an `ipcRenderer.invoke` on its own channel. The method names come from the main process (derived from the merged
 * contract, passed as a renderer argument: src-shared/ipc/channel.ts), so this bundle carries no schemas. Nothing else of Electron or Node reaches the page: no ipcRenderer,
 * no channel names, no SQL, keys or paths. A failure rejects with the plain `{ code, message, field? }` of the contract
 * (src-shared/ipc/errors.ts), which the renderer shim turns into an IpcError, exactly as in browser mode.
 */

type Envelope =
  { ok: true; result: unknown } | { ok: false; error: { code: string; message: string; field?: string } };

const api: Record<string, (args?: unknown) => Promise<unknown>> = {};
for (const method of methodsFromArgv(process.argv)) {
  api[method] = async (args?: unknown) => {
    const answer = (await ipcRenderer.invoke(ipcChannel(method), args ?? {})) as Envelope;
    if (answer.ok) return answer.result;
    // A plain { code, message, field? } (an Error would lose code and field crossing the context bridge); the
    // renderer shim turns it into an IpcError, as it does with the loopback bridge's answer.
    const shape = {
      code: answer.error.code,
      message: answer.error.message,
      ...(answer.error.field ? { field: answer.error.field } : {}),
    };
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- see above: plain data crosses the bridge intact
    throw shape;
  };
}

contextBridge.exposeInMainWorld('whiteCross', Object.freeze(api));
