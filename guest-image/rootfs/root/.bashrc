# Same prompt as the simulated CentOS labs.
PS1='[\u@\h \W]\$ '
# Append each command to the history file as soon as it ran: the lab's graders read it.
HISTFILE=/root/.bash_history
HISTSIZE=5000
HISTFILESIZE=5000
shopt -s histappend
PROMPT_COMMAND='history -a'
alias ll='ls -l'
