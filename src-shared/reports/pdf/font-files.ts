import type { ReportFonts } from './types';

/**
 * Where the report fonts are, as package paths (resolved by each Node side's loader with require.resolve:
 * server-sync/reports/fonts.ts, src-main/workstation/reports/fonts.ts). Noto Sans (Latin, Vietnamese, Cyrillic,
 * Greek), Noto Sans Arabic, Noto Sans SC (Chinese, Japanese kana), Noto Sans KR (Korean hangul); SIL Open Font
 * License.
 */
export const REPORT_FONT_FILES = {
  regular: '@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf',
  bold: '@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf',
  arabic: '@expo-google-fonts/noto-sans-arabic/400Regular/NotoSansArabic_400Regular.ttf',
  arabicBold: '@expo-google-fonts/noto-sans-arabic/700Bold/NotoSansArabic_700Bold.ttf',
  cjk: '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
  korean: '@expo-google-fonts/noto-sans-kr/400Regular/NotoSansKR_400Regular.ttf',
} as const satisfies Partial<Record<keyof ReportFonts, string>>;

/** Reads every font with `read` (a package path to its bytes). */
export function loadReportFontsWith(read: (packagePath: string) => Uint8Array): ReportFonts {
  return {
    regular: read(REPORT_FONT_FILES.regular),
    bold: read(REPORT_FONT_FILES.bold),
    arabic: read(REPORT_FONT_FILES.arabic),
    arabicBold: read(REPORT_FONT_FILES.arabicBold),
    cjk: read(REPORT_FONT_FILES.cjk),
    korean: read(REPORT_FONT_FILES.korean),
  };
}
