// Schemas of the IPC payloads main accepts from the preload; every payload is parsed before use.
import { z } from 'zod';

export const SaveDialogArgs = z.strictObject({ suggestedName: z.string().max(255).regex(/^[^/\\\0]*$/, 'a file name, not a path').optional() }).optional();
export const OpenExternalArgs = z.strictObject({ url: z.string().max(4096) });
export const DocumentShownArgs = z.strictObject({ path: z.string().max(4096).nullable(), name: z.string().max(255), dirty: z.boolean() });

