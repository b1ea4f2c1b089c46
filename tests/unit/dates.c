/* dates.c: an article's date read in the forms sources write it and set
 * in the book's words (src/book/dates.c); what is not surely a date is
 * left as written. */
#include "tap.h"

#include "book/book.h"

static const char *show(const char *lang, const char *raw, char *out,
    size_t cap, char *iso)
{
	return book_date_show(book_words_for(lang), raw, out, cap, iso);
}

static void forms(void)
{
	static const struct { const char *raw, *iso; } cases[] = {
		{ "Ver\xc3\xb6" "ffentlicht: 26.12.2022", "2022-12-26" },
		{ "2020-09-15T09:32:00-07:00", "2020-09-15" },
		{ "Feb. 19, 2020", "2020-02-19" },
		{ "Updated: January 16, 2020", "2020-01-16" },
		{ "November 8, 2023 at 4:56 p.m.", "2023-11-08" },
		{ "November 8th, 2023", "2023-11-08" },
		{ "am 4. Februar 2022 um 11:23", "2022-02-04" },
		{ "19. Oktober 2019, 19:08 Uhr", "2019-10-19" },
		{ "28 kwietnia 2021, 06:29", "2021-04-28" },
		{ "05 maja 2021", "2021-05-05" },
		{ "10 mayo, 2022", "2022-05-10" },
		{ "19 de febrero de 2020", "2020-02-19" },
		{ "le 14.09.2020 \xc3\xa0 11h46", "2020-09-14" },
		{ "1er mars 2021", "2021-03-01" },
		{ "19 f\xc3\xa9vrier 2020", "2020-02-19" },
		{ "7. Jun 2017, 11:19", "2017-06-07" },
		{ "4 August, 1997", "1997-08-04" },
		{ "19.10.19, 18:56", "2019-10-19" },
		{ "30/10/23 | StarsInsider", "2023-10-30" },
		{ "12/31/2021", "2021-12-31" },
		{ "3 M\xc3\xa4rz 2020", "2020-03-03" },
		{ "sept. 3, 2021", "2021-09-03" },
	};
	char out[96], iso[11];
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		CHECK(show("en", cases[i].raw, out, sizeof out, iso) == out);
		CHECK_STR(iso, cases[i].iso);
	}
}

/* Not surely a date: as written, no ISO form. */
static void left_alone(void)
{
	static const char *const raw[] = {
		"Thursday,", "03/05/2022", "2 hours ago", "vor 3 Tagen",
		"31.02.2020", "November 2023", "Jan Kowalski 12", "2020",
		"99.99.9999", "juillet", "15 jui 2020",
	};
	char out[96], iso[11];
	for (size_t i = 0; i < sizeof raw / sizeof *raw; i++) {
		CHECK(show("en", raw[i], out, sizeof out, iso) == raw[i]);
		CHECK_STR(iso, "");
	}
	CHECK(show("en", NULL, out, sizeof out, iso) == NULL);
	CHECK(show("en", "", out, sizeof out, iso) == NULL);
	/* invalid UTF-8 stops the reading, never the program */
	CHECK(show("en", "\xff\xfe 12.03.2020", out, sizeof out, iso) != NULL);
}

static void in_words(void)
{
	char out[96], iso[11];
	CHECK_STR(show("en", "26.12.2022", out, sizeof out, iso),
	    "26 December 2022");
	CHECK_STR(show("de", "Feb. 19, 2020", out, sizeof out, iso),
	    "19. Februar 2020");
	CHECK_STR(show("fr", "2021-03-01", out, sizeof out, iso),
	    "1er mars 2021");
	CHECK_STR(show("es", "2021-03-05", out, sizeof out, iso),
	    "5 de marzo de 2021");
	/* a language without words of its own: English */
	CHECK_STR(show("pl", "28 kwietnia 2021", out, sizeof out, iso),
	    "28 April 2021");
	/* a short buffer truncates, never overflows */
	char small[8];
	CHECK(show("en", "26.12.2022", small, sizeof small, iso) == small);
	CHECK(strlen(small) == sizeof small - 1);
}

int main(void)
{
	RUN(forms, "dates: the forms sources write, read as dates");
	RUN(left_alone, "dates: what is not surely a date stays as written");
	RUN(in_words, "dates: set in the book's words");
	TAP_EXIT();
}
