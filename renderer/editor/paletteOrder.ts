// The F1 palette is Monaco's own command quick access. It sorts what was never run by label, so the
// app's commands ("Proofwright: Verify…") came after some forty of Monaco's editing commands ("Add
// Cursor Above", "Change All Occurrences"…), below the fold of a palette a few rows high (rev18 F11).
// VS Code's palette has a "commonly used" group above "other commands" for exactly this
// (`suggestedCommandIds`, an option of Monaco's AbstractCommandsQuickAccessProvider), but the
// standalone editor constructs its provider with `{ showAlias: false }` only. The provider is built
// from its registry descriptor the first time the palette opens, so swapping the descriptor's
// constructor for a subclass that adds the option, before then, gives the app's commands that group.
// Internal Monaco parts, reached with a guard: on a Monaco without them the palette keeps its order.
import { Registry } from 'monaco-editor/esm/vs/platform/registry/common/platform.js';
import { Extensions } from 'monaco-editor/esm/vs/platform/quickinput/common/quickAccess.js';

/** The command palette's prefix in Monaco's quick access (`CommandsQuickAccessProvider.PREFIX`). */
const COMMANDS_PREFIX = '>';

type ProviderCtor = new (...args: unknown[]) => { options?: { suggestedCommandIds?: ReadonlySet<string> } };
interface Descriptor { prefix: string; ctor: ProviderCtor }
interface QuickAccessRegistry { getQuickAccessProvider(prefix: string): Descriptor | undefined }

const patched = new WeakSet<Descriptor>();

/**
 * The ids given to `editor.addAction`, matched as the palette sees them: the standalone editor
 * registers each action's command as `<editor id>:<action id>` ("vs.editor.ICodeEditor:1:proofwright.verify"),
 * one per editor, so the palette's ids carry the editor's. Action ids without a colon (ours) only.
 */
class EditorActionIds extends Set<string> {
  override has(commandId: string): boolean {
    return super.has(commandId) || super.has(commandId.slice(commandId.lastIndexOf(':') + 1));
  }
}

/**
 * Lists the editor actions with these ids (as given to `editor.addAction`) first in the F1 palette,
 * under Monaco's "commonly used" separator, in the order Monaco lists them; recently run commands
 * still come above them. Call before the palette first opens (later calls change nothing for a
 * provider already built). Returns whether the palette could be ordered.
 */
export function suggestInPalette(ids: readonly string[]): boolean {
  const registry = (Registry as { as(id: string): unknown }).as((Extensions as { Quickaccess: string }).Quickaccess) as Partial<QuickAccessRegistry> | undefined;
  const descriptor = typeof registry?.getQuickAccessProvider === 'function' ? registry.getQuickAccessProvider(COMMANDS_PREFIX) : undefined;
  if (!descriptor || descriptor.prefix !== COMMANDS_PREFIX || typeof descriptor.ctor !== 'function') return false;
  if (patched.has(descriptor)) return true;
  const suggested: ReadonlySet<string> = new EditorActionIds(ids);
  const Base = descriptor.ctor;
  // Monaco's dependency injection reads the services to pass from the constructor's static
  // `$di$dependencies`, which the subclass inherits; the arguments are passed through unchanged.
  descriptor.ctor = class extends Base {
    constructor(...args: unknown[]) {
      super(...args);
      if (this.options && typeof this.options === 'object') this.options = { ...this.options, suggestedCommandIds: suggested };
    }
  };
  patched.add(descriptor);
  return true;
}
