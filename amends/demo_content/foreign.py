"""A few Spanish, German and French messages so the demo exercises language detection.

Kept small on purpose: about 1% of the stream, composed the same way as English text.
"""

from __future__ import annotations

LANGS = ("es", "de", "fr")

# lang -> kind -> parts; complaint cores are (text, issue).
FOREIGN: dict[str, dict[str, tuple]] = {
    "es": {
        "subject_complaint": ("Reclamación", "Pedido {order}", "Problema con mi pedido"),
        "subject_other": ("Consulta", "Gracias", "Pregunta"),
        "greet": ("Hola,", "Buenos días,", "Estimados señores:", "Hola equipo,"),
        "complaint": (
            ("Mi pedido {order} todavía no ha llegado y ya pasaron {days} días.", "delay"),
            ("Devolví la chaqueta hace dos semanas y aún no he recibido el reembolso.",
             "refund"),
            ("Me cobraron dos veces el pedido {order}.", "billing"),
            ("La cremallera de la tienda de campaña se rompió después de una sola salida.",
             "quality"),
            ("Es la tercera vez que escribo y nadie me contesta.", "no_response"),
            ("El paquete llegó dañado y falta una pieza.", "delivery"),
        ),
        "want": ("¿Me pueden ayudar, por favor?", "Quiero una solución esta semana.",
                 "Por favor, devuélvanme el dinero.", "Espero su respuesta."),
        "sign": ("Saludos,\n{first}", "Gracias,\n{first}", "Atentamente,\n{full}"),
        "praise": ("Quiero agradecer a {who} por su ayuda en la tienda de {town}.",
                   "{who} fue muy amable y resolvió todo en cinco minutos.",
                   "Gracias a {who}, la reparación estuvo lista a tiempo para el viaje."),
        "question": ("¿Hacen envíos a México?", "¿Puedo cambiar la talla de las botas?",
                     "¿A qué hora abre la tienda de {town} el domingo?",
                     "¿Cómo cambio la dirección de entrega del pedido {order}?"),
        "neutral": ("Recibido, muchas gracias.", "Perfecto, paso el sábado a recogerlo.",
                    "Mi número de pedido es {order}."),
    },
    "de": {
        "subject_complaint": ("Reklamation", "Bestellung {order}", "Problem mit meiner Bestellung"),
        "subject_other": ("Anfrage", "Danke", "Frage"),
        "greet": ("Hallo,", "Guten Tag,", "Sehr geehrte Damen und Herren,", "Hallo zusammen,"),
        "complaint": (
            ("Meine Bestellung {order} ist nach {days} Tagen immer noch nicht angekommen.",
             "delay"),
            ("Ich habe den Artikel vor zwei Wochen zurückgeschickt und noch keine "
             "Erstattung erhalten.", "refund"),
            ("Mir wurde die Bestellung {order} zweimal berechnet.", "billing"),
            ("Der Reißverschluss ist schon nach der ersten Tour kaputt gegangen.", "quality"),
            ("Ich schreibe jetzt zum dritten Mal und bekomme keine Antwort.", "no_response"),
            ("Das Paket kam beschädigt an und ein Teil fehlt.", "delivery"),
        ),
        "want": ("Bitte melden Sie sich bei mir.", "Ich bitte um eine schnelle Lösung.",
                 "Bitte erstatten Sie mir den Betrag.", "Was können Sie da tun?"),
        "sign": ("Viele Grüße\n{first}", "Mit freundlichen Grüßen\n{full}", "Danke,\n{first}"),
        "praise": ("Ich möchte mich bei {who} für die tolle Beratung in {town} bedanken.",
                   "{who} war super freundlich und hat alles sofort geklärt.",
                   "Dank {who} war die Reparatur rechtzeitig vor unserer Tour fertig."),
        "question": ("Liefern Sie auch nach Deutschland?",
                     "Kann ich die Schuhe in einer anderen Größe umtauschen?",
                     "Wie lange dauert eine Reparatur ungefähr?",
                     "Wie ändere ich die Lieferadresse für Bestellung {order}?"),
        "neutral": ("Alles klar, danke.", "Paket ist heute angekommen, danke.",
                    "Meine Bestellnummer ist {order}."),
    },
    "fr": {
        "subject_complaint": ("Réclamation", "Commande {order}", "Problème avec ma commande"),
        "subject_other": ("Question", "Merci", "Demande"),
        "greet": ("Bonjour,", "Madame, Monsieur,", "Bonsoir,", "Bonjour à toute l'équipe,"),
        "complaint": (
            ("Ma commande {order} n'est toujours pas arrivée après {days} jours.", "delay"),
            ("J'ai renvoyé l'article il y a deux semaines et je n'ai toujours pas été "
             "remboursé.", "refund"),
            ("J'ai été débité deux fois pour la commande {order}.", "billing"),
            ("La fermeture éclair s'est cassée dès la première sortie.", "quality"),
            ("C'est la troisième fois que j'écris et personne ne me répond.", "no_response"),
            ("Le colis est arrivé abîmé et il manque une pièce.", "delivery"),
        ),
        "want": ("Merci de me répondre rapidement.", "Je souhaite être remboursé.",
                 "Pouvez-vous m'aider ?", "J'attends une solution."),
        "sign": ("Cordialement,\n{full}", "Merci,\n{first}", "Bien à vous,\n{full}"),
        "praise": ("Un grand merci à {who} pour ses conseils au magasin de {town}.",
                   "{who} a été très gentil et a tout réglé en cinq minutes.",
                   "Grâce à {who}, la réparation était prête avant notre départ."),
        "question": ("Livrez-vous au Canada ?", "Puis-je échanger les chaussures contre "
                     "une autre taille ?", "Quels sont les horaires du magasin de {town} ?",
                     "Comment modifier l'adresse de livraison de la commande {order} ?"),
        "neutral": ("Bien reçu, merci.", "Parfait, je passe samedi.",
                    "Mon numéro de commande est {order}."),
    },
}
