// For tests: the file operations of app/store/safe-write.ts over a disk that fills up. Files opened for
// writing ('w', 'wx', 'a': the writer's temp files, a model download) share one capacity; what happens when it is reached is chosen:
//   'enospc'     the write throws ENOSPC after taking what still fits (Linux's behaviour);
//   'zero-write' the write returns 0 bytes written;
//   'lie'        the write reports every byte written but keeps only what fits.
// `maxPerWrite` makes every write short (at most that many bytes), as pipes and signals can.
import * as fsp from 'node:fs/promises';
import type { WriterFs } from '../safe-write';

export function faultyWriterFs(options: { capacity?: number; full?: 'enospc' | 'zero-write' | 'lie'; maxPerWrite?: number }): WriterFs {
  let used = 0;
  const capacity = options.capacity ?? Number.POSITIVE_INFINITY;
  const open = (async (path: string, flags?: string, mode?: number) => {
    const handle = await fsp.open(path, flags, mode);
    if (flags !== 'wx' && flags !== 'w' && flags !== 'a') return handle;
    const write = async (buffer: Buffer, offset: number, length: number) => {
      const wanted = Math.min(length, options.maxPerWrite ?? length);
      const room = Math.max(0, capacity - used);
      const take = Math.min(wanted, room);
      if (take > 0) await handle.write(buffer, offset, take);
      used += take;
      if (take < wanted) {
        if ((options.full ?? 'enospc') === 'enospc') {
          if (take === 0) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        } else if (options.full === 'lie') return { bytesWritten: wanted, buffer };
      }
      return { bytesWritten: take, buffer };
    };
    return new Proxy(handle, {
      get(target, prop, receiver) {
        if (prop === 'write') return write;
        const value = Reflect.get(target, prop, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }) as unknown as typeof fsp.open;
  return { open, readFile: fsp.readFile, rename: fsp.rename, rm: fsp.rm, stat: fsp.stat, realpath: fsp.realpath };
}
