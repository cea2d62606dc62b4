/*
 * test_convert.c - format recognition, the web page, Word and PDF
 * converters, and the limits that hold against hostile documents.
 *
 * The PDF layout is tested through a stand-in for pdftotext: a shell script
 * that prints a prepared -bbox-layout document, so that page furniture,
 * footnotes, hyphenation and paragraph gaps are checked line by line
 * without poppler; the same stand-in hangs, floods or looks at its
 * environment to test the child's limits.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <zip.h>

#include "mandate/convert.h"
#include "mandate/extract.h"

static char tmpdir[64];

static int setup_dir(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/test_convert.XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int remove_dir(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

struct sniff_case {
	const char *name;
	const char *bytes;
	size_t len;
	enum md_format want;
};

static void test_sniff_table(void **state)
{
	static const struct sniff_case cases[] = {
	    {"pdf", "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", 20, MD_FORMAT_PDF},
	    {"pdf after junk", "\r\n\r\n%PDF-1.4\n", 13, MD_FORMAT_PDF},
	    {"docx", "PK\3\4\x14\0\0\0\0\0word/document.xml", 27, MD_FORMAT_DOCX},
	    {"other zip", "PK\3\4\x14\0\0\0\0\0mimetypeapplication/epub", 34, MD_FORMAT_ZIP},
	    {"ole doc", "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\0\0\0\0", 12, MD_FORMAT_DOC},
	    {"doctype", "<!DOCTYPE html>\n<html><body><p>x</p>", 36, MD_FORMAT_HTML},
	    {"bom html", "\xef\xbb\xbf  \n<HTML lang=en>", 18, MD_FORMAT_HTML},
	    {"fragment", "<p>Requests the Secretary-General</p>", 37, MD_FORMAT_HTML},
	    {"text", "United Nations\nA/RES/80/209\n", 28, MD_FORMAT_TEXT},
	    {"angle text", "<<< not markup >>>", 18, MD_FORMAT_TEXT},
	    {"pdf mentioned", "The General Assembly, ... %PDF-", 31, MD_FORMAT_TEXT},
	    {"pdf late", "junk junk %PDF-1.5\n", 19, MD_FORMAT_PDF},
	    {"empty", "", 0, MD_FORMAT_TEXT},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum md_format got = md_convert_sniff(cases[i].bytes, cases[i].len);

		if (got != cases[i].want)
			fail_msg("%s: got %s, want %s", cases[i].name, md_format_name(got),
			         md_format_name(cases[i].want));
	}
}

static char *convert(const char *bytes, size_t len, const struct md_convert_limits *lim,
                     enum md_err want, const char *msg_has)
{
	char *out = NULL;
	size_t n = 0;
	struct md_error err;
	enum md_err rc;

	md_error_clear(&err);
	rc = md_convert_run("doc", bytes, len, lim, &out, &n, &err);
	if (rc != want)
		fail_msg("got %d (%s), want %d", rc, err.msg, want);
	if (msg_has && !strstr(err.msg, msg_has))
		fail_msg("message '%s' lacks '%s'", err.msg, msg_has);
	if (rc == MD_OK)
		assert_int_equal(strlen(out), n);
	return out;
}

static void test_text_copied(void **state)
{
	char *out = convert("The General Assembly,\n", 22, NULL, MD_OK, NULL);

	(void)state;
	assert_string_equal(out, "The General Assembly,\n");
	free(out);
	convert("PK\3\4zip", 7, NULL, MD_EBINARY, "not a Word document");
	convert("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8, NULL, MD_EBINARY, "save it as .docx");
}

static void test_html(void **state)
{
	static const char page[] =
	    "<!DOCTYPE html><html><head><title>A/RES/80/1</title>"
	    "<style>p { color: red }</style><script>var x = '<p>no</p>';</script></head>"
	    "<body><nav><a href='/'>Home</a> <a href='/docs'>Documents</a></nav>"
	    "<header>Site banner</header><div role=\"navigation\">Skip to</div>"
	    "<main><header>Resolution 80/1</header>"
	    "<div class=\"h\">United Nations<br>A/RES/80/1</div>\n"
	    "<p>The General   Assembly,\n</p>"
	    "<p>1.  <em>Requests</em> the Secretary-General to report &amp; to act;</p>"
	    "<p hidden>invisible</p><ul><li>one</li><li>two</li></ul>"
	    "<table><tr><td>a</td><td>b</td></tr></table>"
	    "<pre>kept\n  as is</pre></main>"
	    "<footer>Contact | Terms</footer><noscript>enable</noscript></body></html>";
	char *out = convert(page, sizeof(page) - 1, NULL, MD_OK, NULL);

	(void)state;
	assert_string_equal(out, "Resolution 80/1\n\n"
	                         "United Nations\nA/RES/80/1\n\n"
	                         "The General Assembly,\n\n"
	                         "1. Requests the Secretary-General to report & to act;\n\n"
	                         "one\n\ntwo\n\n"
	                         "a b\n\n"
	                         "kept\n  as is\n");
	free(out);
	convert("<html><script>only()</script></html>", 37, NULL, MD_EEMPTY, "no text");
}

static void test_html_charset(void **state)
{
	static const char latin1[] = "<html><head><meta charset=\"iso-8859-1\"></head>"
	                             "<body><p>Gen\xe8ve</p></body></html>";
	static const char unnamed[] = "<html><body><p>Gen\xc3\xa8ve \xe2\x80\x9cquoted\xe2\x80\x9d"
	                              "</p></body></html>";
	char *out = convert(latin1, sizeof(latin1) - 1, NULL, MD_OK, NULL);

	(void)state;
	assert_string_equal(out, "Gen\xc3\xa8ve\n");
	free(out);
	out = convert(unnamed, sizeof(unnamed) - 1, NULL, MD_OK, NULL);
	assert_string_equal(out, "Gen\xc3\xa8ve \xe2\x80\x9cquoted\xe2\x80\x9d\n");
	free(out);
}

/* A zip archive in memory from name/content pairs; caller frees. */
static char *make_zip(const char *const *parts, size_t n, size_t *len)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *z;
	zip_stat_t st;
	char *buf;

	zip_error_init(&ze);
	src = zip_source_buffer_create(NULL, 0, 0, &ze);
	assert_non_null(src);
	zip_source_keep(src);
	z = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	assert_non_null(z);
	for (size_t i = 0; i + 1 < n; i += 2) {
		zip_source_t *s = zip_source_buffer(z, parts[i + 1], strlen(parts[i + 1]), 0);

		assert_true(zip_file_add(z, parts[i], s, ZIP_FL_OVERWRITE) >= 0);
	}
	assert_int_equal(zip_close(z), 0);
	assert_int_equal(zip_source_stat(src, &st), 0);
	buf = malloc(st.size + 1);
	assert_int_equal(zip_source_open(src), 0);
	assert_int_equal(zip_source_read(src, buf, st.size), (zip_int64_t)st.size);
	zip_source_close(src);
	zip_source_free(src);
	zip_error_fini(&ze);
	*len = st.size;
	return buf;
}

#define W "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""

static void test_docx(void **state)
{
	static const char *const parts[] = {
	    "[Content_Types].xml",
	    "<?xml version=\"1.0\"?><Types/>",
	    "word/header1.xml",
	    "<w:hdr " W "><w:p><w:r><w:t>A/RES/80/1</w:t></w:r></w:p></w:hdr>",
	    "word/footnotes.xml",
	    "<w:footnotes " W "><w:footnote><w:p><w:r><w:t>1 See"
	    "</w:t></w:r></w:p></w:footnote></w:footnotes>",
	    "word/numbering.xml",
	    "<w:numbering " W "><w:abstractNum w:abstractNumId=\"4\">"
	    "<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/>"
	    "<w:lvlText w:val=\"%1.\"/></w:lvl><w:lvl w:ilvl=\"1\"><w:start w:val=\"1\"/>"
	    "<w:numFmt w:val=\"lowerLetter\"/><w:lvlText w:val=\"(%2)\"/></w:lvl></w:abstractNum>"
	    "<w:num w:numId=\"7\"><w:abstractNumId w:val=\"4\"/></w:num></w:numbering>",
	    "word/document.xml",
	    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:document " W
	    "><w:body>"
	    "<w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"720\"/></w:tabs></w:pPr>"
	    "<w:r><w:t>The General Assembly,</w:t></w:r></w:p>"
	    "<w:p><w:r><w:t xml:space=\"preserve\">Recalling its resolution 70/1,</w:t></w:r>"
	    "<w:r><w:footnoteReference w:id=\"1\"/></w:r></w:p>"
	    "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"7\"/></w:numPr></w:pPr>"
	    "<w:r><w:t>Requests the Secretary-General to report</w:t></w:r>"
	    "<w:del><w:r><w:delText>yearly</w:delText></w:r></w:del>"
	    "<w:r><w:t xml:space=\"preserve\"> at its eighty</w:t><w:noBreakHyphen/>"
	    "<w:t>first session;</w:t></w:r></w:p>"
	    "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"1\"/><w:numId w:val=\"7\"/></w:numPr></w:pPr>"
	    "<w:r><w:t>first item</w:t><w:br/><w:t>second line</w:t></w:r></w:p>"
	    "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"7\"/></w:numPr></w:pPr>"
	    "<w:r><w:t>Decides</w:t><w:tab/><w:fldChar w:fldCharType=\"begin\"/>"
	    "<w:instrText>PAGE</w:instrText><w:t>to continue.</w:t></w:r></w:p>"
	    "<w:sectPr><w:headerReference w:type=\"default\"/></w:sectPr></w:body></w:document>",
	};
	size_t len;
	char *zip = make_zip(parts, sizeof(parts) / sizeof(parts[0]), &len);
	char *out;

	(void)state;
	assert_int_equal(md_convert_sniff(zip, len), MD_FORMAT_DOCX);
	out = convert(zip, len, NULL, MD_OK, NULL);
	assert_string_equal(out, "The General Assembly,\n\n"
	                         "Recalling its resolution 70/1,\n\n"
	                         "1. Requests the Secretary-General to report at its eighty-first "
	                         "session;\n\n"
	                         "(a) first item\nsecond line\n\n"
	                         "2. Decides to continue.\n");
	free(out);
	free(zip);
}

static void test_docx_refused(void **state)
{
	static const char *const no_body[] = {"word/styles.xml", "<w:styles/>",
	                                      "word/document.xml.bak", "x"};
	static const char *const doctype[] = {
	    "word/document.xml", "<?xml version=\"1.0\"?><!DOCTYPE w [<!ENTITY a \"aaaa\">]>"
	                         "<w:document " W "><w:body><w:p><w:r><w:t>&a;</w:t></w:r></w:p>"
	                         "</w:body></w:document>"};
	static const char *const broken[] = {"word/document.xml", "<w:document><w:body><w:p>"};
	size_t len;
	char *zip = make_zip(no_body, 4, &len);

	(void)state;
	convert(zip, len, NULL, MD_EBINARY, "no word/document.xml");
	free(zip);
	zip = make_zip(doctype, 2, &len);
	convert(zip, len, NULL, MD_EBINARY, "not XML");
	free(zip);
	zip = make_zip(broken, 2, &len);
	convert(zip, len, NULL, MD_EBINARY, "not XML");
	free(zip);
	zip = make_zip(broken, 2, &len);
	zip[len / 2] ^= 0x55; /* a damaged central directory or entry */
	zip[len - 10] ^= 0x55;
	free(convert(zip, len, NULL, MD_EBINARY, "damaged"));
	free(zip);
}

/* 32 MiB of one letter: deflates some thousand times. */
static void test_docx_zip_bomb(void **state)
{
	size_t big = (size_t)32 << 20, len, head;
	char *body = malloc(big + 200);
	const char *parts[2] = {"word/document.xml", body};
	struct md_convert_limits lim;
	char *zip;

	(void)state;
	strcpy(body, "<w:document " W "><w:body><w:p><w:r><w:t>");
	head = strlen(body);
	memset(body + head, 'a', big);
	strcpy(body + head + big, "</w:t></w:r></w:p></w:body></w:document>");
	zip = make_zip(parts, 2, &len);
	free(body);
	assert_true(len < big / 100);
	convert(zip, len, NULL, MD_ETOOBIG, "zip bomb");
	/* the same with a lax ratio: the byte cap holds */
	md_convert_limits_default(&lim);
	lim.unzip_ratio = 1000000;
	lim.unzip_bytes = (size_t)1 << 20;
	convert(zip, len, &lim, MD_ETOOBIG, "zip bomb");
	free(zip);
}

static void test_docx_many_entries(void **state)
{
	static const char *const parts[] = {
	    "word/document.xml", "<w:document " W "/>", "a", "1", "b", "2", "c", "3"};
	struct md_convert_limits lim;
	size_t len;
	char *zip = make_zip(parts, 8, &len);

	(void)state;
	md_convert_limits_default(&lim);
	lim.zip_entries = 3;
	convert(zip, len, &lim, MD_ETOOBIG, "entries");
	free(zip);
}

/* Writes an executable script into tmpdir; returns its path (static). */
static const char *script(const char *name, const char *body)
{
	static char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "#!/bin/sh\n%s\n", body);
	fclose(f);
	chmod(path, 0755);
	return path;
}

#define WORD(x0, x1, t)                                                                            \
	"<word xMin=\"" #x0 "\" yMin=\"0\" xMax=\"" #x1 "\" yMax=\"999\">" t "</word>"
#define LINE(x0, y0, x1, y1, words)                                                                \
	"<line xMin=\"" #x0 "\" yMin=\"" #y0 "\" xMax=\"" #x1 "\" yMax=\"" #y1 "\">" words "</"    \
	"line>"

/*
 * Two A4 pages as pdftotext -bbox-layout prints them: the symbol at the
 * top of both, the job number and "n/2" at the bottom, a footnote under a
 * rule on page 1, a word broken at a line end that the document also
 * prints whole, a compound broken at its hyphen, a paragraph gap.
 */
static const char bbox[] =
    "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\" "
    "\"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\">"
    "<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title></title></head><body><doc>"
    "<page width=\"595\" height=\"842\">"
    "<flow><block>" LINE(
        450, 40, 520, 49,
        WORD(450,
             520, "A/RES/80/1")) "</block></flow>"
                                 "<flow><block>" LINE(
                                     70, 100, 200, 109,
                                     WORD(
                                         70, 200,
                                         "The General Assembly,")) "</block>"
                                                                   "<block>" LINE(
                                                                       70, 120, 524, 129,
                                                                       WORD(
                                                                           70, 524,
                                                                           "1. Requests the "
                                                                           "Secretary-General to "
                                                                           "report on the govern-"))
                                                                       LINE(70, 132, 524, 141, WORD(70, 524, "mental measures and on the non-")) LINE(70, 144, 300, 153, WORD(70, 300, "governmental ones;")) "</block>"
                                                                                                                                                                                                              "<block>" LINE(70, 166, 524, 175, WORD(70, 524, "2. Decides that governmental bodies")) LINE(70,
                                                                                                                                                                                                                                                                                                           178,
                                                                                                                                                                                                                                                                                                           200,
                                                                                                                                                                                                                                                                                                           187,
                                                                                                                                                                                                                                                                                                           WORD(
                                                                                                                                                                                                                                                                                                               70,
                                                                                                                                                                                                                                                                                                               200,
                                                                                                                                                                                                                                                                                                               "report;")) "</block></flow>"
                                                                                                                                                                                                                                                                                                                           "<flow><block>" LINE(
                                                                                                                                                                                                                                                                                                                               70, 700, 180, 709, WORD(70, 180, "__________________"))
                                                                                                                                                                                                                                                                                                                               LINE(
                                                                                                                                                                                                                                                                                                                                   70,
                                                                                                                                                                                                                                                                                                                                   712, 400, 719, WORD(70, 400, "1 A/CONF.157/24 (Part I), chap. III.")) "</block></flow>"
                                                                                                                                                                                                                                                                                                                                                                                                         "<flow><block>" LINE(70,
                                                                                                                                                                                                                                                                                                                                                                                                                              800,
                                                                                                                                                                                                                                                                                                                                                                                                                              140,
                                                                                                                                                                                                                                                                                                                                                                                                                              808,
                                                                                                                                                                                                                                                                                                                                                                                                                              WORD(70,
                                                                                                                                                                                                                                                                                                                                                                                                                                   140, "25-01234")) "</block></flow>"
                                                                                                                                                                                                                                                                                                                                                                                                                                                     "<flow><block>" LINE(
                                                                                                                                                                                                                                                                                                                                                                                                                                                         480, 800, 520, 808, WORD(480, 520, "1/2")) "</block></flow>"
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                    "</page><page width=\"595\" height=\"842\">"
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                    "<flow><block>" LINE(
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                        70,
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                        40,
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                        140,
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                        49, WORD(70, 140, "A/RES/80/1")) "</block></flow>"
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                         "<flow><block>" LINE(70,
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                              100, 524,
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                              109,
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                              WORD(
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                  70,
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                  524,
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                  "3. Also decides to consider the "
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                  "matter at its eighty-first")) LINE(70, 112, 200, 121, WORD(70, 200, "session.")) "</block></flow>"
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                    "<flow><block>" LINE(
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                        70,
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                        800,
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                        140, 808, WORD(70, 140, "2/2")) "</block></flow>"
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                        "<flow><block>" LINE(480,
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                             800, 520, 808, WORD(480, 520, "25-01234")) "</block></flow>"
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                        "</page></doc></body></html>\n";

static void test_pdf_layout(void **state)
{
	struct md_convert_limits lim;
	char xml[160], cmd[200];
	FILE *f;
	char *out;

	(void)state;
	snprintf(xml, sizeof(xml), "%s/bbox.xhtml", tmpdir);
	f = fopen(xml, "w");
	assert_non_null(f);
	fputs(bbox, f);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "cat >/dev/null; exec cat '%s'", xml);
	md_convert_limits_default(&lim);
	lim.pdftotext = script("layout", cmd);
	out = convert("%PDF-1.4\n", 9, &lim, MD_OK, NULL);
	assert_string_equal(out, "A/RES/80/1\n\n"
	                         "The General Assembly,\n\n"
	                         "1. Requests the Secretary-General to report on the governmental "
	                         "measures and on the non-governmental ones;\n\n"
	                         "2. Decides that governmental bodies report;\n"
	                         "\f\n"
	                         "3. Also decides to consider the matter at its eighty-first "
	                         "session.\n");
	free(out);
}

/*
 * A page in two columns, given in a muddled order (the right column's top
 * first), with a justified line cut into pieces: read left column down,
 * then right, the pieces one line again, lines unwrapped within a column.
 */
static const char bbox_columns[] =
    "<html><body><doc><page width=\"600\" height=\"800\"><flow><block>" LINE(320, 100, 540,
                                                                             109, WORD(320, 540, "3. Decides to remain seized of")) LINE(320, 112, 400, 121, WORD(320, 400, "the matter.")) "</block></flow>"
                                                                                                                                                                                            "<flow><block>" LINE(60, 100, 280, 109, WORD(60, 280, "1. Requests the Secretary-General")) LINE(60,
                                                                                                                                                                                                                                                                                             112,
                                                                                                                                                                                                                                                                                             120,
                                                                                                                                                                                                                                                                                             121, WORD(60, 120, "to report;")) "</block><block>" LINE(60,
                                                                                                                                                                                                                                                                                                                                                      130,
                                                                                                                                                                                                                                                                                                                                                      90, 139, WORD(60, 90, "2.")) "</block><block>" LINE(110, 130, 170, 139, WORD(110, 170, "Requests")) "</block><block>" LINE(200, 130, 280, 139, WORD(200, 280, "the Council")) "</block><block>" LINE(60, 142, 150, 151, WORD(60, 150, "to act;")) "</block></flow>"
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                        "<flow><block>" LINE(320,
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                             130, 540, 139, WORD(320, 540, "4. Decides that a long line on"))
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                            LINE(320,
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                 142,
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                 540,
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                 151,
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                 WORD(
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                     320, 540, "the right makes five long lines")) LINE(320,
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                        154,
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                        540,
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                        163,
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                        WORD(
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                            320, 540, "on the right of the middle, so")) LINE(320,
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                              166, 540, 175,
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                              WORD(320,
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                   540, "that the page is read as two")) LINE(320, 178, 400, 187,
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                              WORD(
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                  320,
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                  400,
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                  "columns.")) "</block></flow>"
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                               "</page></doc></body></html>\n";

static void test_pdf_columns(void **state)
{
	struct md_convert_limits lim;
	char xml[160], cmd[200];
	FILE *f;
	char *out;

	(void)state;
	snprintf(xml, sizeof(xml), "%s/columns.xhtml", tmpdir);
	f = fopen(xml, "w");
	assert_non_null(f);
	fputs(bbox_columns, f);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "exec cat '%s'", xml);
	md_convert_limits_default(&lim);
	lim.pdftotext = script("columns", cmd);
	out = convert("%PDF-1.4\n", 9, &lim, MD_OK, NULL);
	assert_string_equal(out, "1. Requests the Secretary-General to report;\n\n"
	                         "2. Requests the Council to act;\n\n"
	                         "3. Decides to remain seized of the matter.\n\n"
	                         "4. Decides that a long line on the right makes five long lines "
	                         "on the right of the middle, so that the page is read as two "
	                         "columns.\n");
	free(out);
}

static long long ms_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000LL + (t.tv_nsec - t0->tv_nsec) / 1000000;
}

static void test_pdf_child_limits(void **state)
{
	struct md_convert_limits lim;
	struct timespec t0;

	(void)state;
	md_convert_limits_default(&lim);
	lim.timeout_ms = 300;
	lim.pdftotext = script("hang", "exec sleep 30");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	convert("%PDF-1.4\n", 9, &lim, MD_EIO, "longer than 300 ms");
	assert_true(ms_since(&t0) < 5000);

	lim.pdftotext = script("quiet-hang", "exec >&- 2>&-; sleep 30");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	convert("%PDF-1.4\n", 9, &lim, MD_EIO, "longer than");
	assert_true(ms_since(&t0) < 5000);

	/* a grandchild holding the pipes open dies with its parent */
	lim.pdftotext = script("orphan", "sleep 30 & sleep 30");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	convert("%PDF-1.4\n", 9, &lim, MD_EIO, "longer than");
	assert_true(ms_since(&t0) < 5000);

	lim.timeout_ms = 10000;
	lim.out_bytes = (size_t)1 << 20;
	lim.pdftotext = script("flood", "exec yes 'a line of text that never ends'");
	convert("%PDF-1.4\n", 9, &lim, MD_ETOOBIG, "more than 1048576 bytes");

	lim.cpu_s = 1; /* the CPU limit, not the clock, ends it, however busy the machine */
	lim.timeout_ms = 300000;
	lim.pdftotext = script("spin", "while :; do :; done");
	convert("%PDF-1.4\n", 9, &lim, MD_EIO, "signal");

	lim.pdftotext = "/nonexistent/pdftotext";
	convert("%PDF-1.4\n", 9, &lim, MD_EIO, "cannot run");

	lim.pdftotext =
	    script("encrypted", "echo 'Command Line Error: Incorrect password' >&2; exit 1");
	convert("%PDF-1.4\n", 9, &lim, MD_EBINARY, "encrypted");
	lim.pdftotext =
	    script("broken", "echo \"Syntax Error: Couldn't find trailer\" >&2; exit 1");
	convert("%PDF-1.4\n", 9, &lim, MD_EBINARY, "damaged PDF");
	lim.pdftotext = script("garbage", "echo '<html><body><doc><page'");
	convert("%PDF-1.4\n", 9, &lim, MD_EBINARY, "unreadable");
}

/* The child has no environment (no proxy) and reads the document on stdin. */
static void test_pdf_child_environment(void **state)
{
	struct md_convert_limits lim;
	char *out;

	(void)state;
	setenv("http_proxy", "http://192.0.2.1:3128", 1);
	setenv("HTTPS_PROXY", "http://192.0.2.1:3128", 1);
	md_convert_limits_default(&lim);
	lim.pdftotext = script("env", "for v in $(env); do case $v in PWD=*|SHLVL=*|_=*) ;; "
	                              "*) echo \"environment: $v\" >&2; exit 9;; esac; done\n"
	                              "[ \"$(head -c 8)\" = '%PDF-1.4' ] || exit 8\n"
	                              "echo '<html><body><doc><page width=\"600\" height=\"800\">"
	                              "<flow><block><line xMin=\"1\" yMin=\"300\" xMax=\"9\" "
	                              "yMax=\"310\"><word>clean</word></line></block></flow>"
	                              "</page></doc></body></html>'");
	out = convert("%PDF-1.4\n", 9, &lim, MD_OK, NULL);
	assert_string_equal(out, "clean\n");
	free(out);
	unsetenv("http_proxy");
	unsetenv("HTTPS_PROXY");
}

/* The real pdftotext, when installed, on a damaged file. */
static void test_pdf_damaged(void **state)
{
	static const char junk[] = "%PDF-1.4\n1 0 obj << /Type /Catalog >>\nendobj\ntrailer\n";

	(void)state;
	if (access("/usr/bin/pdftotext", X_OK) != 0)
		skip();
	convert(junk, sizeof(junk) - 1, NULL, MD_EBINARY, "PDF");
}

/* md_extract_run routes a web page through the converter. */
static void test_extract_html(void **state)
{
	static const char page[] =
	    "<!DOCTYPE html><html><body><nav>Home | Documents</nav><main>"
	    "<p>United Nations<br>A/HRC/RES/51/34</p><p>Human Rights Council</p>"
	    "<p>Resolution adopted by the Human Rights Council on 7 October 2022</p>"
	    "<p>51/34. Enhancement of technical cooperation</p>"
	    "<p>The Human Rights Council,</p>"
	    "<p>1. Requests the High Commissioner to present a report to the Human Rights "
	    "Council at its fifty-third session;</p><p>44th meeting</p></main></body></html>";
	struct md_record *r = NULL;
	struct md_error err;

	(void)state;
	assert_int_equal(md_extract_run("page.html", page, sizeof(page) - 1, &r, &err), MD_OK);
	assert_string_equal(r->symbol, "A/HRC/RES/51/34");
	assert_int_equal(r->operative_paragraphs, 1);
	assert_true(r->n_obligations >= 1);
	assert_int_equal(r->obligations[0].paragraph, 1);
	md_record_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sniff_table),
	    cmocka_unit_test(test_text_copied),
	    cmocka_unit_test(test_html),
	    cmocka_unit_test(test_html_charset),
	    cmocka_unit_test(test_docx),
	    cmocka_unit_test(test_docx_refused),
	    cmocka_unit_test(test_docx_zip_bomb),
	    cmocka_unit_test(test_docx_many_entries),
	    cmocka_unit_test(test_pdf_layout),
	    cmocka_unit_test(test_pdf_columns),
	    cmocka_unit_test(test_pdf_child_limits),
	    cmocka_unit_test(test_pdf_child_environment),
	    cmocka_unit_test(test_pdf_damaged),
	    cmocka_unit_test(test_extract_html),
	};

	return cmocka_run_group_tests(tests, setup_dir, remove_dir);
}
