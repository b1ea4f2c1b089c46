/* words.c: the few words the writers set themselves ("Discussion",
 * "Contents", "reply to"...), in the language of the book, the same in the
 * EPUB and the PDF: a screen reader reads them with the book's voice, and
 * an English "Discussion" in a German book reads wrong. Languages missing
 * here get English. */
#include "words.h"

#include <string.h>
#include <strings.h>

static const book_words words[] = {
	{ "en", "Discussion", "Discussion (continued)", "%u comment",
	    "%u comments", "Contents", "Landmarks", "Pages", "Cover",
	    "Start of content", "reply to", "Anonymous", "Source:",
	    "Edited by", "continued", "%u article", "%u articles",
	    "and %u more", "Untitled",
	    "%s %s %u", NULL, { "January", "February", "March", "April", "May",
	    "June", "July", "August", "September", "October", "November",
	    "December" } },
	{ "de", "Diskussion", "Diskussion (Fortsetzung)", "%u Kommentar",
	    "%u Kommentare", "Inhalt", "Orientierungspunkte", "Seiten",
	    "Umschlag", "Textbeginn", "Antwort an", "Anonym", "Quelle:",
	    "Herausgegeben von", "Fortsetzung", "%u Artikel", "%u Artikel",
	    "und %u weitere", "Ohne Titel",
	    "%s. %s %u", NULL, { "Januar", "Februar", "M\u00e4rz", "April",
	    "Mai", "Juni", "Juli", "August", "September", "Oktober",
	    "November", "Dezember" } },
	{ "fr", "Discussion", "Discussion (suite)", "%u commentaire",
	    "%u commentaires", "Sommaire", "Rep\u00e8res", "Pages",
	    "Couverture", "D\u00e9but du texte", "r\u00e9ponse \u00e0",
	    "Anonyme", "Source\u00a0:", "Sous la direction de", "suite",
	    "%u article", "%u articles", "et %u autres", "Sans titre",
	    "%s %s %u", "1er", { "janvier", "f\u00e9vrier", "mars", "avril",
	    "mai", "juin", "juillet", "ao\u00fbt", "septembre", "octobre",
	    "novembre", "d\u00e9cembre" } },
	{ "es", "Debate", "Debate (continuaci\u00f3n)", "%u comentario",
	    "%u comentarios", "\u00cdndice", "Puntos de referencia",
	    "P\u00e1ginas", "Cubierta", "Inicio del texto", "respuesta a",
	    "An\u00f3nimo", "Fuente:", "Edici\u00f3n de", "continuaci\u00f3n",
	    "%u art\u00edculo", "%u art\u00edculos", "y %u m\u00e1s",
	    "Sin t\u00edtulo",
	    "%s de %s de %u", NULL, { "enero", "febrero", "marzo", "abril",
	    "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
	    "noviembre", "diciembre" } },
	{ "it", "Discussione", "Discussione (continua)", "%u commento",
	    "%u commenti", "Indice", "Punti di riferimento", "Pagine",
	    "Copertina", "Inizio del testo", "risposta a", "Anonimo",
	    "Fonte:", "A cura di", "continua", "%u articolo", "%u articoli",
	    "e altri %u", "Senza titolo",
	    "%s %s %u", "1\u00ba", { "gennaio", "febbraio", "marzo", "aprile",
	    "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre",
	    "novembre", "dicembre" } },
	{ "nl", "Discussie", "Discussie (vervolg)", "%u reactie",
	    "%u reacties", "Inhoud", "Ori\u00ebntatiepunten", "Pagina's",
	    "Omslag", "Begin van de tekst", "antwoord aan", "Anoniem",
	    "Bron:", "Samengesteld door", "vervolg", "%u artikel",
	    "%u artikelen", "en nog %u", "Zonder titel",
	    "%s %s %u", NULL, { "januari", "februari", "maart", "april", "mei",
	    "juni", "juli", "augustus", "september", "oktober", "november",
	    "december" } },
	{ "pt", "Discuss\u00e3o", "Discuss\u00e3o (continua\u00e7\u00e3o)",
	    "%u coment\u00e1rio", "%u coment\u00e1rios", "Sum\u00e1rio",
	    "Pontos de refer\u00eancia", "P\u00e1ginas", "Capa",
	    "In\u00edcio do texto", "resposta a", "An\u00f4nimo", "Fonte:",
	    "Organiza\u00e7\u00e3o de", "continua\u00e7\u00e3o",
	    "%u artigo", "%u artigos", "e mais %u", "Sem t\u00edtulo",
	    "%s de %s de %u", NULL, { "janeiro", "fevereiro", "mar\u00e7o",
	    "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro",
	    "novembro", "dezembro" } },
};

const book_words *book_words_for(const char *lang)
{
	for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
		const char *l = words[i].lang;
		size_t n = strlen(l);
		if (lang && strncasecmp(lang, l, n) == 0 &&
		    (lang[n] == '\0' || lang[n] == '-' || lang[n] == '_'))
			return &words[i];
	}
	return &words[0];
}
