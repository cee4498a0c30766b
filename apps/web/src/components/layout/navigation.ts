import type { ComponentType, SVGProps } from 'react';
import { ChatIcon, ShieldIcon, VideoIcon } from '../ui/icons';

export interface NavigationItem {
  to: string;
  labelKey: 'nav.chats' | 'nav.meetings' | 'nav.admin';
  icon: ComponentType<SVGProps<SVGSVGElement>>;
}

/** Top-level sections, in sidebar order. A new feature adds its entry here and its route in the router. */
export const navigationItems: readonly NavigationItem[] = [
  { to: '/chats', labelKey: 'nav.chats', icon: ChatIcon },
  { to: '/meetings', labelKey: 'nav.meetings', icon: VideoIcon },
  { to: '/admin', labelKey: 'nav.admin', icon: ShieldIcon },
];
