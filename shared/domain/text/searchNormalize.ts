// Diacritics-insensitive search key for Vietnamese: NFD, drop combining marks, đ/Đ → d,
// lower-case, collapse spaces. "Nguyễn Thị Đào" → "nguyen thi dao".
export function searchNormalize(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
