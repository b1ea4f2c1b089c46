# bash completion for dossier(1)
_dossier()
{
	local cur prev cmd
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	cmd=${COMP_WORDS[1]}
	if [ "$COMP_CWORD" -eq 1 ]; then
		COMPREPLY=($(compgen -W "build tree formats --help --version" -- "$cur"))
		return
	fi
	case $prev in
	-o|--output|--patterns|--plugin)
		COMPREPLY=($(compgen -f -- "$cur")); return ;;
	--paper) COMPREPLY=($(compgen -W "a4 letter a5" -- "$cur")); return ;;
	--to) COMPREPLY=($(compgen -W "$(dossier formats 2>/dev/null | awk '{print $1}')" -- "$cur")); return ;;
	--style)
		COMPREPLY=($(compgen -W "default" -f -- "$cur")); return ;;
	--title|--subtitle|--editor|--lang|--bleed|--threads) return ;;
	esac
	case $cmd in
	build)
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "-o --output --to --title --subtitle --editor --lang --style --patterns --paper --duplex --bleed --crop-marks --url-notes --page-list --threads --plugin --no-cache -q --quiet --help" -- "$cur"))
			return
		fi ;;
	tree)
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "--json --patterns -q --quiet --help" -- "$cur"))
			return
		fi ;;
	*) return ;;
	esac
	COMPREPLY=($(compgen -f -- "$cur"))
}
complete -o filenames -F _dossier dossier
