/** The seed store's main story (data/db.json), as tests that read its pages name it. */
export const MAIN_SLUG = "zaym-kwrya-alshmalya-ytahd-tqdym-dam-ghyr-mshrwt-lsyasat-bwtyn";
export const MAIN = 'زعيم كوريا الشمالية يتعهد تقديم "دعم غير مشروط" لسياسات بوتين';
/** The headlines of the main story's "قراءة المزيد" box, in its order. */
export const READ_MORE = [
  'بصاروخ "أوريشنيك".. موسكو ترد على استهداف مقر بوتين',
  "اليمن.. اجتماع في المكلا يبحث التنسيق بين ألوية المنطقة وقوات درع الوطن",
  "ترامب يلتقي زعيمة المعارضة الفنزويلية ماتشادو الأسبوع المقبل",
  "ترامب: أخلاقي تمنعني من شن عمليات عسكرية",
];
