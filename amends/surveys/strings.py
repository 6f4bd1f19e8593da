"""The texts customers see, in English plus a few built-in languages.

A survey picks a language (``de``, ``fr-CH`` -> ``fr``, ...) and may override any key in its
own ``strings``; anything missing falls back to English. Placeholders in braces are filled
in where the text is used; an unknown one is left as written.
"""

from __future__ import annotations

from typing import Any

ENGLISH: dict[str, str] = {
    "subject": "A quick question from {brand}",
    "greeting": "Hi {name},",
    "intro": "Just one click on the answer that fits:",
    "thanks_title": "Thank you!",
    "thanks_body": "Your answer: {answer}.",
    "change_hint": "Changed your mind? Click another answer in the email at any time.",
    "comment_label": "Anything you would like to tell us? (optional)",
    "comment_button": "Send",
    "limit_note": "{limit} characters at most.",
    "comment_saved": "Thank you: we read every comment.",
    "optout_link": "Don't want these one-question emails? Unsubscribe",
    "optout_title": "Stop survey emails?",
    "optout_body": "We will not send you any more feedback questions.",
    "optout_button": "Unsubscribe",
    "optout_done": "Done: you will not get survey emails from us any more.",
    "invalid_title": "This link doesn't work",
    "invalid_body": "The link may be incomplete or mistyped. If you copied it from an email, "
                    "please check that you copied all of it.",
    "expired_title": "This survey has closed",
    "expired_body": "Thank you for wanting to answer. This question is no longer open.",
    "slow_title": "Please wait a moment",
    "slow_body": "We have had a lot of requests from your network. Please try again in a "
                 "minute.",
    "too_long": "Your comment is {length} characters long; the limit is {limit}. "
                "Please shorten it and send it again.",
    "option.delighted": "Delighted", "option.satisfied": "Satisfied",
    "option.unhappy": "Unhappy", "option.very_unhappy": "Very unhappy",
    "option.up": "Yes, good", "option.down": "No, not good",
    "low.csat": "Very dissatisfied", "high.csat": "Very satisfied",
    "low.nps": "Not at all likely", "high.nps": "Extremely likely",
    "low.ces": "Very easy", "high.ces": "Very difficult",
}

GERMAN: dict[str, str] = {
    "subject": "Eine kurze Frage von {brand}",
    "greeting": "Hallo {name},",
    "intro": "Ein Klick auf die passende Antwort genügt:",
    "thanks_title": "Vielen Dank!",
    "thanks_body": "Ihre Antwort: {answer}.",
    "change_hint": "Meinung geändert? Klicken Sie jederzeit eine andere Antwort in der "
                   "E-Mail an.",
    "comment_label": "Möchten Sie uns noch etwas sagen? (freiwillig)",
    "comment_button": "Senden",
    "limit_note": "Höchstens {limit} Zeichen.",
    "comment_saved": "Danke: Wir lesen jeden Kommentar.",
    "optout_link": "Keine Ein-Frage-E-Mails mehr? Abmelden",
    "optout_title": "Umfrage-E-Mails abbestellen?",
    "optout_body": "Wir senden Ihnen keine Feedback-Fragen mehr.",
    "optout_button": "Abmelden",
    "optout_done": "Erledigt: Sie erhalten von uns keine Umfrage-E-Mails mehr.",
    "invalid_title": "Dieser Link funktioniert nicht",
    "invalid_body": "Der Link ist vielleicht unvollständig. Wenn Sie ihn aus einer E-Mail "
                    "kopiert haben, prüfen Sie bitte, ob er vollständig ist.",
    "expired_title": "Diese Umfrage ist geschlossen",
    "expired_body": "Danke, dass Sie antworten wollten. Diese Frage ist nicht mehr offen.",
    "slow_title": "Bitte einen Moment Geduld",
    "slow_body": "Aus Ihrem Netzwerk kamen sehr viele Anfragen. Bitte versuchen Sie es in "
                 "einer Minute erneut.",
    "too_long": "Ihr Kommentar ist {length} Zeichen lang; erlaubt sind {limit}. Bitte kürzen "
                "Sie ihn und senden Sie ihn erneut.",
    "option.delighted": "Begeistert", "option.satisfied": "Zufrieden",
    "option.unhappy": "Unzufrieden", "option.very_unhappy": "Sehr unzufrieden",
    "option.up": "Ja, gut", "option.down": "Nein, nicht gut",
    "low.csat": "Sehr unzufrieden", "high.csat": "Sehr zufrieden",
    "low.nps": "Sehr unwahrscheinlich", "high.nps": "Sehr wahrscheinlich",
    "low.ces": "Sehr einfach", "high.ces": "Sehr schwierig",
}

FRENCH: dict[str, str] = {
    "subject": "Une petite question de {brand}",
    "greeting": "Bonjour {name},",
    "intro": "Un seul clic sur la réponse qui convient :",
    "thanks_title": "Merci !",
    "thanks_body": "Votre réponse : {answer}.",
    "change_hint": "Vous avez changé d'avis ? Cliquez à tout moment sur une autre réponse "
                   "dans l'e-mail.",
    "comment_label": "Voulez-vous nous en dire plus ? (facultatif)",
    "comment_button": "Envoyer",
    "limit_note": "{limit} caractères au maximum.",
    "comment_saved": "Merci : nous lisons chaque commentaire.",
    "optout_link": "Vous ne voulez plus de ces e-mails à une question ? Se désabonner",
    "optout_title": "Ne plus recevoir d'enquêtes ?",
    "optout_body": "Nous ne vous enverrons plus de questions.",
    "optout_button": "Se désabonner",
    "optout_done": "C'est fait : vous ne recevrez plus d'enquêtes de notre part.",
    "invalid_title": "Ce lien ne fonctionne pas",
    "invalid_body": "Le lien est peut-être incomplet. Si vous l'avez copié depuis un e-mail, "
                    "vérifiez qu'il est complet.",
    "expired_title": "Cette enquête est close",
    "expired_body": "Merci d'avoir voulu répondre. Cette question n'est plus ouverte.",
    "slow_title": "Un instant, s'il vous plaît",
    "slow_body": "Nous avons reçu beaucoup de demandes depuis votre réseau. Réessayez dans "
                 "une minute.",
    "too_long": "Votre commentaire fait {length} caractères ; la limite est de {limit}. "
                "Raccourcissez-le puis renvoyez-le.",
    "option.delighted": "Ravi", "option.satisfied": "Satisfait",
    "option.unhappy": "Mécontent", "option.very_unhappy": "Très mécontent",
    "option.up": "Oui, bien", "option.down": "Non, pas bien",
    "low.csat": "Très insatisfait", "high.csat": "Très satisfait",
    "low.nps": "Pas du tout probable", "high.nps": "Très probable",
    "low.ces": "Très facile", "high.ces": "Très difficile",
}

SPANISH: dict[str, str] = {
    "subject": "Una pregunta rápida de {brand}",
    "greeting": "Hola, {name}:",
    "intro": "Basta con un clic en la respuesta que mejor encaje:",
    "thanks_title": "¡Gracias!",
    "thanks_body": "Su respuesta: {answer}.",
    "change_hint": "¿Ha cambiado de opinión? Haga clic en otra respuesta del correo cuando "
                   "quiera.",
    "comment_label": "¿Quiere contarnos algo más? (opcional)",
    "comment_button": "Enviar",
    "limit_note": "{limit} caracteres como máximo.",
    "comment_saved": "Gracias: leemos todos los comentarios.",
    "optout_link": "¿No quiere recibir estos correos de una pregunta? Darse de baja",
    "optout_title": "¿Dejar de recibir encuestas?",
    "optout_body": "No le enviaremos más preguntas de opinión.",
    "optout_button": "Darse de baja",
    "optout_done": "Hecho: ya no recibirá encuestas nuestras.",
    "invalid_title": "Este enlace no funciona",
    "invalid_body": "Puede que el enlace esté incompleto. Si lo copió de un correo, compruebe "
                    "que lo copió entero.",
    "expired_title": "Esta encuesta está cerrada",
    "expired_body": "Gracias por querer responder. Esta pregunta ya no está abierta.",
    "slow_title": "Espere un momento, por favor",
    "slow_body": "Hemos recibido muchas solicitudes desde su red. Inténtelo de nuevo dentro "
                 "de un minuto.",
    "too_long": "Su comentario tiene {length} caracteres; el límite es {limit}. Acórtelo y "
                "vuelva a enviarlo.",
    "option.delighted": "Encantado", "option.satisfied": "Satisfecho",
    "option.unhappy": "Descontento", "option.very_unhappy": "Muy descontento",
    "option.up": "Sí, bien", "option.down": "No, mal",
    "low.csat": "Muy insatisfecho", "high.csat": "Muy satisfecho",
    "low.nps": "Nada probable", "high.nps": "Muy probable",
    "low.ces": "Muy fácil", "high.ces": "Muy difícil",
}

LANGUAGES: dict[str, dict[str, str]] = {"en": ENGLISH, "de": GERMAN, "fr": FRENCH,
                                        "es": SPANISH}


def strings_for_language(language: str | None, custom: dict[str, Any] | None = None
                         ) -> dict[str, str]:
    base = (language or "en").split("-")[0].split("_")[0].lower()
    overrides = {k: v for k, v in (custom or {}).items() if isinstance(v, str)}
    return {**ENGLISH, **LANGUAGES.get(base, {}), **overrides}
