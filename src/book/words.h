/* words.h: the few words the writers set themselves ("Discussion",
 * "Contents", "reply to"...), in the language of the book (words.c). */
#ifndef DOSSIER_WORDS_H
#define DOSSIER_WORDS_H

typedef struct book_words {
	const char *lang;
	const char *discussion, *discussion_cont;
	const char *comments1, *comments;	/* "%u comment(s)" */
	const char *contents, *landmarks, *pages, *cover, *start;
	const char *reply_to, *anonymous, *source, *edited_by, *continued;
	const char *articles1, *articles;	/* "%u article(s)" */
	const char *more;			/* "and %u more" */
	const char *untitled;
	/* A date: the day, the month's name, the year ("%s %s %u",
	 * "%s. %s %u"), and what the first day of a month is called where
	 * it is not a number ("1er"), or NULL. */
	const char *date, *first_day;
	const char *months[12];
} book_words;

/* The words of a BCP 47 language (its primary subtag); English when it
 * is missing or unknown. */
const book_words *book_words_for(const char *lang);

#endif
