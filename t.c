#include <glib.h>
int main(void){ GRegex *r=g_regex_new("^a(?<x>b)$",G_REGEX_DUPNAMES,0,NULL); GMatchInfo *mi; g_regex_match(r,"ab",0,&mi); g_match_info_free(mi); g_regex_match(r,"ab",0,NULL);
 GRegex *o=g_regex_new("^a(?<x>b)$",G_REGEX_DUPNAMES|G_REGEX_OPTIMIZE,0,NULL); g_regex_match(o,"ab",0,&mi); g_match_info_free(mi);
 gchar *s=g_regex_replace(o,"ab",-1,0,"\\g<x>",0,NULL); g_free(s); return 0;}
