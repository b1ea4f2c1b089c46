#!/usr/bin/awk -f
# Functions longer than LIMIT lines (default 80), counted from the line that
# opens the definition (the one naming the function) to its closing brace.
# A definition is a line at column 0 that is not a comment, directive or
# brace, whose body opens with `{` at column 0 (the codebase's style).
# Usage: awk -f tests/tools/long-functions.awk [-v LIMIT=80] FILE...
# Prints LINES FILE:LINE NAME, longest first when piped through sort -rn.
BEGIN { if (LIMIT == "") LIMIT = 80 }
FNR == 1 { head = ""; in_body = 0 }
!in_body && /^[A-Za-z_][^;]*\(/ && !/^(#|\/\*|typedef|struct [a-z_]+ \{)/ {
	head = $0; head_line = FNR
}
!in_body && /^\{/ && head != "" {
	in_body = 1; depth = 0
}
in_body {
	line = $0
	gsub(/'[^']*'|"([^"\\]|\\.)*"/, "", line)   # braces in literals
	depth += gsub(/\{/, "{", line) - gsub(/\}/, "}", line)
	if (depth == 0) {
		n = FNR - head_line + 1
		name = head; sub(/\(.*/, "", name); sub(/.*[ *]/, "", name)
		if (n > LIMIT) printf "%d %s:%d %s\n", n, FILENAME, head_line, name
		in_body = 0; head = ""
	}
}
