// Diacritics-insensitive search key for Vietnamese text: "Nguyễn Văn Đức" → "nguyen van duc".
// NFD splits the tone and vowel marks off their letters; đ/Đ is a separate letter, not a mark, so it is
// mapped by hand. Whitespace is collapsed so that typed queries match stored names.
export function searchNormalize(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** True when every word of the query occurs in the text, ignoring case and diacritics. */
export function searchMatches(text: string, query: string): boolean {
  const hay = searchNormalize(text);
  return searchNormalize(query)
    .split(' ')
    .filter((w) => w !== '')
    .every((w) => hay.includes(w));
}
