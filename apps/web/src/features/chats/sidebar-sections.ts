import { type Chat } from '@beseda/protocol';

export type SidebarSectionId = 'favourites' | 'channels' | 'direct' | 'saved';

export interface SidebarSection {
  id: SidebarSectionId;
  chats: Chat[];
}

function sectionOf(chat: Chat): SidebarSectionId {
  if (chat.membership?.favourite) return 'favourites';
  switch (chat.type) {
    case 'direct':
      return 'direct';
    case 'self':
      return 'saved';
    // A meeting's chat sits with the groups; its video icon tells it apart.
    case 'meeting':
    default:
      return 'channels';
  }
}

/**
 * The sidebar's sections in order, each sorted by name (archived chats last). A favourite is
 * listed under favourites only. Empty sections are kept: the sidebar decides which to show.
 */
export function sidebarSections(chats: readonly Chat[], nameOf: (chat: Chat) => string, locale: string) {
  const collator = new Intl.Collator(locale, { sensitivity: 'base', numeric: true });
  const sections: SidebarSection[] = [
    { id: 'favourites', chats: [] },
    { id: 'channels', chats: [] },
    { id: 'direct', chats: [] },
    { id: 'saved', chats: [] },
  ];
  for (const chat of chats) sections.find((section) => section.id === sectionOf(chat))!.chats.push(chat);
  for (const section of sections) {
    section.chats.sort(
      (a, b) => Number(a.archived) - Number(b.archived) || collator.compare(nameOf(a), nameOf(b)),
    );
  }
  return sections;
}
