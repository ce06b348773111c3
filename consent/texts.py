"""The consent texts in Arabic, Turkish, Polish and Ukrainian, next to the Dutch and English ones the
migrations ship (0008, version 2): the same content, at the same plain level. Machine-made, like
the guardian's catalogs in those languages: a municipality has them reviewed, and a functional
administrator's own revision (a new version in the admin) always wins over these.

A data migration applies `forwards` once; it adds a language's text only where that language
has none yet, so a text an administrator already added is never shadowed."""

MACHINE_MADE = True

TEXTS = {
    "observation": {
        "ar": ("ملاحظة طفلك وتقديم النصيحة",
               "تزور أخصائية رعاية الشباب دار الرعاية لترى كيف حال طفلك. تتحدث مع موظفة الرعاية وتقدّم "
               "نصيحة عمّا يساعد طفلك. الأخصائية وحدها ترى اسم طفلك وبياناته. إذا كانت بلديتك تعمل مع "
               "ممرضة صحة الأطفال، فأنت تختار أدناه إن كان يمكنها رؤيتها أيضًا. يمكنك سحب موافقتك في أي "
               "وقت من خلال رابطك؛ عندها يتوقف كل شيء فورًا."),
        "tr": ("Çocuğunuzun gözlemlenmesi ve tavsiye",
               "Bir gençlik bakımı uzmanı, çocuğunuzun nasıl olduğunu görmek için çocuk bakım merkezine gelir. "
               "Çalışanla konuşur ve çocuğunuza neyin yardım ettiği konusunda tavsiye verir. Çocuğunuzun adını "
               "ve bilgilerini sadece uzman görür. Belediyeniz bir çocuk sağlığı hemşiresiyle çalışıyorsa, "
               "onun da görüp göremeyeceğini aşağıda siz seçersiniz. İzninizi bağlantınızla istediğiniz zaman "
               "geri alabilirsiniz; o zaman her şey hemen durur."),
        "pl": ("Obserwacja Twojego dziecka i porada",
               "Specjalistka ds. pomocy młodzieży przychodzi do placówki, aby zobaczyć, jak radzi sobie Twoje "
               "dziecko. Rozmawia z opiekunką i doradza, co pomaga Twojemu dziecku. Tylko specjalistka widzi "
               "imię i dane dziecka. Jeśli Twoja gmina współpracuje z pielęgniarką środowiskową, sama "
               "wybierasz poniżej, czy ona też może je widzieć. Zgodę możesz wycofać w każdej chwili przez "
               "swój link; wtedy wszystko natychmiast się zatrzymuje."),
        "uk": ("Спостереження за вашою дитиною та порада",
               "Фахівчиня з допомоги молоді приходить до дитячого закладу, щоб побачити, як почувається ваша "
               "дитина. Вона розмовляє з вихователькою і радить, що допомагає вашій дитині. Лише фахівчиня "
               "бачить ім'я та дані дитини. Якщо ваша громада працює з медсестрою з охорони здоров'я дітей, "
               "ви самі вибираєте нижче, чи може вона їх теж бачити. Ви можете будь-коли відкликати згоду "
               "через своє посилання; тоді все одразу зупиняється."),
    },
    "referral": {
        "ar": ("الإحالة إلى مساعدة إضافية",
               "يُحال طفلك إلى مساعدة إضافية. يحصل مقدّم المساعدة على اسم طفلك والسؤال. كل والد صاحب سلطة "
               "أبوية يقرر في هذا بنفسه، كلٌّ برابطه الخاص. يمكنك سحب موافقتك في أي وقت."),
        "tr": ("Ek yardıma yönlendirme",
               "Çocuğunuz ek yardıma yönlendirilir. Yardım eden kişi çocuğunuzun adını ve soruyu alır. Velayet "
               "sahibi her ebeveyn buna kendi bağlantısıyla kendisi karar verir. İzninizi istediğiniz zaman "
               "geri alabilirsiniz."),
        "pl": ("Skierowanie do dalszej pomocy",
               "Twoje dziecko zostaje skierowane do dalszej pomocy. Osoba pomagająca otrzymuje imię dziecka i "
               "pytanie. Każdy rodzic z władzą rodzicielską decyduje o tym sam, przez swój własny link. Zgodę "
               "możesz wycofać w każdej chwili."),
        "uk": ("Направлення на подальшу допомогу",
               "Вашу дитину направляють на подальшу допомогу. Той, хто допомагає, отримує ім'я дитини та "
               "запитання. Кожен з батьків із батьківськими правами вирішує це сам, через своє посилання. "
               "Ви можете будь-коли відкликати згоду."),
    },
    "handover": {
        "ar": ("التسليم إلى المدرسة الابتدائية",
               "تعطي دار الرعاية المدرسة الابتدائية معلومات التسليم: ما يساعد طفلك وأي نصيحة نجحت. كل والد "
               "صاحب سلطة أبوية يقرر في هذا بنفسه، كلٌّ برابطه الخاص. يمكنك سحب موافقتك في أي وقت."),
        "tr": ("İlkokula devir",
               "Çocuk bakım merkezi ilkokula bir devir bilgisi verir: çocuğunuza neyin yardım ettiği ve hangi "
               "tavsiyenin işe yaradığı. Velayet sahibi her ebeveyn buna kendi bağlantısıyla kendisi karar "
               "verir. İzninizi istediğiniz zaman geri alabilirsiniz."),
        "pl": ("Przekazanie informacji szkole podstawowej",
               "Placówka przekazuje szkole podstawowej informacje: co pomaga Twojemu dziecku i która porada "
               "zadziałała. Każdy rodzic z władzą rodzicielską decyduje o tym sam, przez swój własny link. "
               "Zgodę możesz wycofać w każdej chwili."),
        "uk": ("Передача інформації до початкової школи",
               "Дитячий заклад передає початковій школі інформацію: що допомагає вашій дитині і яка порада "
               "спрацювала. Кожен з батьків із батьківськими правами вирішує це сам, через своє посилання. "
               "Ви можете будь-коли відкликати згоду."),
    },
}


def forwards(apps, schema_editor):
    ConsentText = apps.get_model("consent", "ConsentText")
    for purpose, languages in TEXTS.items():
        for language, (title, body) in languages.items():
            if not ConsentText.objects.filter(purpose=purpose, language=language).exists():
                ConsentText.objects.create(purpose=purpose, version=1, language=language, title=title, body=body)
