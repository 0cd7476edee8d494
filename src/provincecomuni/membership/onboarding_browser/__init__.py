"""Browser views of bulk onboarding (``@@importa-utenti``) and of following
communities and folders (``@@segui``, ``@@non-seguire-piu``, ``@@annulla-iscrizione``)."""
