// Every IPC message main handles is checked for who sent it: the main frame of one of our windows,
// showing the app's own origin. A navigated-away or embedded frame gets nothing.
import { isAppUrl } from './origin';

export interface SenderInfo {
  /** URL of the frame that sent the message (event.senderFrame.url). */
  frameUrl: string | undefined;
  /** Whether that frame is its window's main frame (senderFrame === webContents.mainFrame). */
  isMainFrame: boolean;
  /** Whether the webContents belongs to a window this app created. */
  knownWindow: boolean;
}

export function isTrustedSender(sender: SenderInfo): boolean {
  return sender.knownWindow && sender.isMainFrame && typeof sender.frameUrl === 'string' && isAppUrl(sender.frameUrl);
}
