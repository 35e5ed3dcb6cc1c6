"""Judgment and law metadata across the formats of other countries' courts and gazettes.

The real documents with labels are mostly Ecuadorian and Peruvian; these short texts, written here (invented
parties, numbers and dates), start and end the way judgments and laws of Peru, Colombia, Argentina, Mexico,
Spain, Brazil, Portugal, the US and the UK really do, so that a rule tuned to one court's format fails here.
Each line of a text is one block, as a PDF's text layer gives its caption lines; a body paragraph is one line.
They go through the real pipeline (`build_document` on a text file).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

import pytest

from ingest import dates, judgments
from ingest.pipeline import Source, build_document


@dataclass(frozen=True)
class Expected:
    kind: str
    country: str
    year: int
    title_has: str = ""  # the law's name its title must hold (a judgment's title must hold its case number)
    case_numbers: tuple[str, ...] = ()  # acceptable case numbers, as printed (spaces and case ignored)
    court_words: tuple[str, ...] = ()  # words the court's name must hold (accents and case ignored)
    outcome: str | None = None
    decided: str | None = None
    # Another country a transnational case is also about (the victims' origin or destination), allowed
    # after the court's country.
    also: tuple[str, ...] = ()


PERU_FIRST = """\
CORTE SUPERIOR DE JUSTICIA DE LIMA NORTE
PRIMER JUZGADO PENAL COLEGIADO SUPRAPROVINCIAL
EXPEDIENTE N.° 00123-2019-0-1801-JR-PE-01
ESPECIALISTA: R. Q. T.
ACUSADO: ANDRÉS MELGAR TOLEDO
DELITO: TRATA DE PERSONAS AGRAVADA
AGRAVIADA: DE INICIALES K. L. M.
SENTENCIA
RESOLUCIÓN NÚMERO DIECIOCHO
Independencia, veintitrés de julio de dos mil veinte.-
VISTOS Y OÍDOS: en audiencia pública el juicio oral seguido contra Andrés Melgar Toledo, por el delito contra la Libertad Personal, en la modalidad de trata de personas agravada, en agravio de la menor de iniciales K. L. M.
I. ANTECEDENTES
El Ministerio Público formuló acusación contra el acusado por haber captado a la agraviada mediante una oferta de empleo falsa en una red social y haberla trasladado a un bar de Huaral.
II. CONSIDERANDO
PRIMERO. El delito de trata de personas está previsto en el artículo 153 del Código Penal, que sanciona a quien capta, transporta, traslada, acoge, recibe o retiene a otro con fines de explotación.
SEGUNDO. De la prueba actuada en juicio se acredita que el acusado captó a la menor y la retuvo en el local, donde fue obligada a atender a clientes.
TERCERO. La versión de la agraviada es coherente y persistente, y se corrobora con el acta de intervención policial y la pericia psicológica.
III. DECISIÓN
Por estos fundamentos, el Primer Juzgado Penal Colegiado Supraprovincial, impartiendo justicia a nombre de la Nación,
FALLA:
1. CONDENANDO a ANDRÉS MELGAR TOLEDO como autor del delito contra la Libertad Personal, en la modalidad de trata de personas agravada, en agravio de la menor de iniciales K. L. M.
2. IMPONIÉNDOLE quince años de pena privativa de libertad efectiva, que computada desde su detención vencerá el dos de marzo de dos mil treinta y cuatro.
3. FIJANDO en diez mil soles el monto de la reparación civil que deberá pagar a favor de la agraviada.
4. MANDARON que consentida o ejecutoriada sea la presente, se inscriba en el registro correspondiente. Notifíquese.
"""

PERU_APPEAL = """\
CORTE SUPERIOR DE JUSTICIA DE CUSCO
SALA PENAL DE APELACIONES
EXPEDIENTE N.° 00456-2018-12-1001-JR-PE-03
IMPUTADA: ROSALÍA QUISPE HUAMÁN
DELITO: TRATA DE PERSONAS
AGRAVIADAS: DE INICIALES P. Q. R. Y OTRA
PONENTE: JUEZ SUPERIOR L. V. C.
SENTENCIA DE VISTA N.° 45-2020
RESOLUCIÓN NÚMERO VEINTICINCO
Cusco, dieciséis de octubre de dos mil veinte.
VISTOS Y OÍDOS: en audiencia pública, el recurso de apelación interpuesto por la defensa de la sentenciada contra la sentencia que la condenó como autora del delito de trata de personas.
I. ANTECEDENTES
La sentencia de primera instancia impuso doce años de pena privativa de libertad a la imputada por haber captado a dos adolescentes para trabajar en un bar de Puerto Maldonado.
II. FUNDAMENTOS DE LA APELACIÓN
La defensa sostiene que no se valoró la declaración de la imputada y que las agraviadas viajaron voluntariamente.
III. CONSIDERANDO
PRIMERO. El consentimiento de una adolescente es irrelevante para la configuración del delito de trata de personas.
SEGUNDO. La prueba actuada en primera instancia acredita la captación y el traslado con fines de explotación.
IV. DECISIÓN
Por estos fundamentos, los jueces superiores integrantes de la Sala Penal de Apelaciones,
RESOLVIERON: DECLARAR INFUNDADO el recurso de apelación interpuesto por la defensa; en consecuencia, CONFIRMARON la sentencia de primera instancia en todos sus extremos.
Notifíquese y devuélvase.
"""

COLOMBIA = """\
REPÚBLICA DE COLOMBIA
RAMA JUDICIAL DEL PODER PÚBLICO
JUZGADO SEGUNDO PENAL DEL CIRCUITO CON FUNCIÓN DE CONOCIMIENTO DE CALI
Santiago de Cali, diecisiete (17) de septiembre de dos mil veinte (2020)
Radicado: 76001-60-00000-2019-00123-00
Procesado: Hernán Darío Ospina Rueda
Delito: Trata de personas
Asunto: Sentencia condenatoria
I. OBJETO DE LA DECISIÓN
Procede el despacho a emitir sentencia dentro del proceso adelantado contra Hernán Darío Ospina Rueda, por el delito de trata de personas, tras el preacuerdo celebrado con la Fiscalía General de la Nación.
II. HECHOS
Según el escrito de acusación, el procesado ofreció a tres mujeres un empleo como meseras en el exterior, les pagó los pasajes y, una vez en destino, les retuvo los pasaportes y las obligó a pagar una deuda mediante la prostitución.
III. CONSIDERACIONES
El artículo 188A del Código Penal sanciona a quien capte, traslade, acoja o reciba a una persona con fines de explotación. El preacuerdo respeta las garantías del procesado y la prueba aportada permite superar la duda razonable.
IV. DECISIÓN
En mérito de lo expuesto, el Juzgado Segundo Penal del Circuito con Función de Conocimiento de Cali, administrando justicia en nombre de la República y por autoridad de la ley,
RESUELVE
PRIMERO: CONDENAR a HERNÁN DARÍO OSPINA RUEDA a la pena principal de ciento cincuenta y seis (156) meses de prisión, como autor responsable del delito de trata de personas.
SEGUNDO: NEGAR la suspensión condicional de la ejecución de la pena y la prisión domiciliaria.
TERCERO: Contra esta decisión procede el recurso de apelación.
NOTIFÍQUESE Y CÚMPLASE
La Juez,
"""

ARGENTINA = """\
Poder Judicial de la Nación
TRIBUNAL ORAL EN LO CRIMINAL FEDERAL DE MAR DEL PLATA
Causa N° 1234/2019, caratulada "FERREYRA, Oscar Rubén y otro s/ infracción art. 145 bis y ter del C.P."
En la ciudad de Mar del Plata, a los doce días del mes de marzo de dos mil veintiuno, se reúnen los señores jueces del Tribunal Oral en lo Criminal Federal de Mar del Plata, para dictar sentencia en la causa de referencia, seguida contra Oscar Rubén Ferreyra y Marta Inés Sosa.
Y VISTOS:
Que el Ministerio Público Fiscal acusó a los imputados por el delito de trata de personas con fines de explotación sexual, agravado por el número de víctimas y por la situación de vulnerabilidad, previsto en los arts. 145 bis y 145 ter del Código Penal.
Y CONSIDERANDO:
Primero. Que se encuentra acreditado que los imputados acogieron a cinco mujeres en un departamento de la ciudad, donde eran explotadas sexualmente, y que les retenían la documentación.
Segundo. Que la prueba testimonial de las víctimas, las escuchas telefónicas y el allanamiento del inmueble permiten tener por probada la materialidad del hecho y la autoría de los acusados.
Tercero. Que no concurren causas de justificación ni de inculpabilidad.
Por todo lo expuesto, el Tribunal
RESUELVE:
I. CONDENAR a OSCAR RUBÉN FERREYRA, de las demás condiciones personales obrantes en autos, a la pena de OCHO AÑOS DE PRISIÓN, accesorias legales y costas, por ser coautor penalmente responsable del delito de trata de personas con fines de explotación sexual agravado.
II. CONDENAR a MARTA INÉS SOSA a la pena de SEIS AÑOS DE PRISIÓN, accesorias legales y costas, por el mismo delito.
III. ORDENAR el decomiso del inmueble y la reparación económica de las víctimas.
Regístrese, notifíquese y comuníquese.
"""

MEXICO = """\
PODER JUDICIAL DE LA FEDERACIÓN
JUZGADO TERCERO DE DISTRITO DE PROCESOS PENALES FEDERALES EN EL ESTADO DE CHIAPAS
CAUSA PENAL 123/2019
SENTENCIA DEFINITIVA
Tuxtla Gutiérrez, Chiapas, a quince de junio de dos mil veinte.
VISTOS para resolver los autos de la causa penal 123/2019, instruida en contra de Ramiro Gálvez Ochoa, por su probable responsabilidad en la comisión del delito en materia de trata de personas, previsto en el artículo 10 de la Ley General para Prevenir, Sancionar y Erradicar los Delitos en Materia de Trata de Personas; y,
R E S U L T A N D O:
PRIMERO. El agente del Ministerio Público de la Federación ejerció acción penal contra el inculpado, a quien se atribuye haber trasladado a cuatro personas migrantes con fines de explotación laboral en una finca cafetalera.
SEGUNDO. Cerrada la instrucción, el Ministerio Público formuló conclusiones acusatorias y la defensa las suyas.
C O N S I D E R A N D O:
PRIMERO. Este juzgado es competente para resolver, conforme al artículo 50 de la Ley Orgánica del Poder Judicial de la Federación.
SEGUNDO. Las declaraciones de las víctimas, el parte informativo y la inspección de la finca acreditan el cuerpo del delito y la plena responsabilidad del acusado.
Por lo expuesto y fundado, se
R E S U E L V E:
PRIMERO. Ramiro Gálvez Ochoa es penalmente responsable de la comisión del delito en materia de trata de personas, por el que le acusó el Ministerio Público de la Federación.
SEGUNDO. Se le impone una pena de quince años de prisión y multa de mil días de salario.
TERCERO. Se condena al sentenciado a la reparación del daño a favor de las víctimas.
Notifíquese personalmente.
"""

SPAIN = """\
Roj: STS 1234/2019 - ECLI:ES:TS:2019:1234
Id Cendoj: 28079120012019100234
Órgano: Tribunal Supremo. Sala de lo Penal
Sede: Madrid
Sección: 1
Fecha: 09/04/2019
Nº de Recurso: 10456/2018
Nº de Resolución: 178/2019
Procedimiento: Recurso de casación
Ponente: ANTONIO BERMEJO SALAS
Tipo de Resolución: Sentencia
TRIBUNAL SUPREMO
Sala de lo Penal
Sentencia núm. 178/2019
En Madrid, a 9 de abril de 2019.
Esta sala ha visto el recurso de casación por infracción de ley interpuesto por Valentín Iordache contra la sentencia de la Audiencia Provincial de Madrid, Sección Quinta, que le condenó por un delito de trata de seres humanos con fines de explotación sexual del artículo 177 bis del Código Penal.
ANTECEDENTES DE HECHO
PRIMERO. La Audiencia Provincial declaró probado que el acusado captó en Rumanía a dos mujeres, a las que trasladó a Madrid con la promesa de un empleo, y las obligó a ejercer la prostitución para pagar una deuda.
FUNDAMENTOS DE DERECHO
PRIMERO. El recurrente alega la vulneración del derecho a la presunción de inocencia. La sala de instancia valoró prueba de cargo suficiente, en especial la declaración de las víctimas, corroborada por la vigilancia policial.
SEGUNDO. El motivo se desestima, y con él el recurso.
FALLO
Por todo lo expuesto, en nombre del Rey y por la autoridad que le confiere la Constitución, esta sala ha decidido:
FALLAMOS: Que debemos declarar y declaramos NO HABER LUGAR al recurso de casación interpuesto por Valentín Iordache contra la sentencia de la Audiencia Provincial de Madrid, Sección Quinta, y condenamos al recurrente al pago de las costas de su recurso.
Así se acuerda y firma.
"""

BRAZIL_FIRST = """\
PODER JUDICIÁRIO
TRIBUNAL DE JUSTIÇA DO ESTADO DE SÃO PAULO
COMARCA DE SÃO PAULO
FORO CENTRAL CRIMINAL BARRA FUNDA
2ª VARA CRIMINAL
Processo nº 0001234-56.2019.8.26.0050
Classe - Assunto: Ação Penal - Procedimento Ordinário - Tráfico de Pessoas
Autor: Justiça Pública
Réu: Wellington Farias Moura
Juiz(a) de Direito: Dr(a). Helena Prado Siqueira
SENTENÇA
Vistos.
WELLINGTON FARIAS MOURA, qualificado nos autos, foi denunciado como incurso no artigo 149-A, inciso V, do Código Penal, porque, entre janeiro e maio de 2019, recrutou e alojou três mulheres vindas do Paraguai, mediante fraude, para fins de exploração sexual.
É o relatório. Fundamento e decido.
A materialidade está comprovada pelo auto de prisão em flagrante, pelos depoimentos das vítimas e pelas mensagens extraídas do celular do réu. A autoria é certa: as vítimas reconheceram o réu e narraram com coerência o recrutamento e a retenção de seus documentos.
Não há causas excludentes da ilicitude ou da culpabilidade.
Ante o exposto, JULGO PROCEDENTE a pretensão punitiva estatal para CONDENAR o réu WELLINGTON FARIAS MOURA, como incurso no art. 149-A, inciso V, do Código Penal, à pena de 5 (cinco) anos e 4 (quatro) meses de reclusão, em regime inicial semiaberto, e ao pagamento de 13 dias-multa.
Nego ao réu o direito de recorrer em liberdade.
P.R.I.C.
São Paulo, 20 de outubro de 2020.
Helena Prado Siqueira
Juíza de Direito
"""

BRAZIL_APPEAL = """\
PODER JUDICIÁRIO
TRIBUNAL REGIONAL FEDERAL DA 3ª REGIÃO
APELAÇÃO CRIMINAL Nº 0004567-12.2018.4.03.6181/SP
RELATOR: Desembargador Federal Otávio Lacerda
APELANTE: Josué Teixeira Brandão
APELADO: Ministério Público Federal
EMENTA
PENAL. PROCESSO PENAL. TRÁFICO INTERNACIONAL DE PESSOAS. ART. 149-A DO CÓDIGO PENAL. AUTORIA E MATERIALIDADE COMPROVADAS. DOSIMETRIA MANTIDA. APELAÇÃO DESPROVIDA.
1. Comprovado que o réu promoveu a saída de mulheres do território nacional, mediante fraude, para exercerem a prostituição na Espanha.
2. A palavra das vítimas, coerente e corroborada por documentos de viagem, basta para a condenação.
3. Apelação a que se nega provimento.
ACÓRDÃO
Vistos e relatados estes autos em que são partes as acima indicadas, ACORDAM os Desembargadores Federais da Décima Primeira Turma do Tribunal Regional Federal da 3ª Região, por unanimidade, em NEGAR PROVIMENTO à apelação, nos termos do relatório e voto que ficam fazendo parte integrante do presente julgado.
São Paulo, 9 de março de 2021.
RELATÓRIO
Trata-se de apelação criminal interposta pela defesa de Josué Teixeira Brandão contra a sentença que o condenou pela prática do crime de tráfico internacional de pessoas.
VOTO
A autoria e a materialidade estão demonstradas. A dosimetria observou o artigo 59 do Código Penal. Ante o exposto, nego provimento à apelação.
É o voto.
"""

PORTUGAL_APPEAL = """\
Acórdão do Tribunal da Relação do Porto
Processo: 123/19.0JAPRT.P1
Relator: MARIA DO CARMO LEAL
Descritores: TRÁFICO DE PESSOAS; PROVA; LIVRE APRECIAÇÃO
Data do Acórdão: 10-03-2021
Votação: UNANIMIDADE
Meio Processual: RECURSO PENAL
Decisão: NEGADO PROVIMENTO
Sumário: I - A exploração do trabalho de uma pessoa em situação de especial vulnerabilidade integra o crime de tráfico de pessoas.
Acordam, em conferência, na 1.ª Secção Criminal do Tribunal da Relação do Porto:
I. RELATÓRIO
No processo comum, com intervenção do tribunal coletivo, n.º 123/19.0JAPRT, do Juízo Central Criminal do Porto, foi proferido acórdão que condenou o arguido AA pela prática de um crime de tráfico de pessoas, previsto no artigo 160.º do Código Penal, na pena de cinco anos e seis meses de prisão.
Inconformado, o arguido interpôs recurso, pedindo que fosse absolvido.
II. FUNDAMENTAÇÃO
O tribunal recorrido valorou as declarações das vítimas, trabalhadores agrícolas recrutados no estrangeiro, a quem o arguido retinha os passaportes e os salários. Não se vislumbra erro notório na apreciação da prova.
III. DECISÃO
Pelo exposto, acordam os juízes desta Relação em negar provimento ao recurso interposto pelo arguido AA, mantendo integralmente o acórdão recorrido.
Custas pelo recorrente.
Porto, 10 de março de 2021
"""

PORTUGAL_FIRST = """\
Tribunal Judicial da Comarca de Braga
Juízo Central Criminal de Braga - Juiz 2
Processo n.º 456/20.3JABRG
Processo Comum (Tribunal Coletivo)
ACÓRDÃO
Acordam os juízes que compõem o Tribunal Coletivo:
I. RELATÓRIO
O Ministério Público acusou o arguido BB, casado, empresário agrícola, imputando-lhe a prática, em autoria material, de um crime de tráfico de pessoas, previsto e punido pelo artigo 160.º, n.º 1, alínea b), do Código Penal.
O arguido contestou, oferecendo o merecimento dos autos.
II. FUNDAMENTAÇÃO
Factos não provados: que o arguido tenha retido os documentos de identificação dos trabalhadores; que os trabalhadores estivessem impedidos de sair da exploração agrícola.
Motivação: as testemunhas, ouvidas em audiência, não confirmaram a retenção de documentos, e as declarações prestadas em inquérito não foram lidas em audiência.
Na dúvida, o tribunal decide a favor do arguido, em obediência ao princípio in dubio pro reo.
III. DECISÃO
Pelo exposto, acordam os juízes que compõem este Tribunal Coletivo em absolver o arguido BB da prática do crime de tráfico de pessoas de que vinha acusado.
Sem custas.
Braga, 14 de julho de 2021
"""

US_DISTRICT = """\
UNITED STATES DISTRICT COURT
SOUTHERN DISTRICT OF TEXAS
HOUSTON DIVISION
UNITED STATES OF AMERICA v. MARCUS DELANEY
Case No. 4:19-cr-00123
USM Number: 12345-479
JUDGMENT IN A CRIMINAL CASE
THE DEFENDANT:
was found guilty on counts 1 and 2 of the Indictment after a plea of not guilty.
The defendant is adjudicated guilty of these offenses:
Title & Section 18 U.S.C. § 1591(a) and (b)(1) - Nature of Offense: Sex Trafficking by Force, Fraud, or Coercion - Offense Ended 06/30/2018 - Count 1
Title & Section 18 U.S.C. § 2421 - Nature of Offense: Transportation for Purposes of Prostitution - Offense Ended 06/30/2018 - Count 2
The defendant is sentenced as provided in pages 2 through 7 of this judgment. The sentence is imposed pursuant to the Sentencing Reform Act of 1984.
It is ordered that the defendant must notify the United States attorney for this district within 30 days of any change of name, residence, or mailing address until all fines, restitution, costs, and special assessments imposed by this judgment are fully paid.
March 5, 2020
Date of Imposition of Judgment
Signature of Judge
ELAINE R. WHITFIELD, UNITED STATES DISTRICT JUDGE
IMPRISONMENT
The defendant is hereby committed to the custody of the Federal Bureau of Prisons to be imprisoned for a total term of 240 months as to each count, to run concurrently.
"""

US_APPEAL = """\
United States Court of Appeals
For the Eleventh Circuit
No. 20-12345
UNITED STATES OF AMERICA, Plaintiff-Appellee,
versus
TERRENCE OKAFOR, Defendant-Appellant.
Appeal from the United States District Court for the Northern District of Georgia
D.C. Docket No. 1:18-cr-00456-ABC-1
(March 3, 2021)
Before WILSON, JORDAN, and LUCK, Circuit Judges.
OPINION
PER CURIAM:
Terrence Okafor appeals his convictions for sex trafficking of a minor, in violation of 18 U.S.C. § 1591(a), and his sentence of 300 months' imprisonment. He argues that the district court erred in admitting evidence of his prior conduct and that the evidence was insufficient to support the jury's verdict.
I. BACKGROUND
A grand jury indicted Okafor on two counts of sex trafficking. At trial, the government presented testimony from the victim, text messages, and hotel records. The jury found him guilty on both counts.
II. DISCUSSION
We review the district court's evidentiary rulings for abuse of discretion. The evidence was admissible to show intent, and any error would have been harmless given the overwhelming evidence of guilt.
Viewing the evidence in the light most favorable to the government, a reasonable jury could find each element of the offense beyond a reasonable doubt.
III. CONCLUSION
For these reasons, we affirm Okafor's convictions and sentence.
AFFIRMED.
"""

UK_APPEAL = """\
Neutral Citation Number: [2019] EWCA Crim 123
Case No: 201801234 B1
IN THE COURT OF APPEAL (CRIMINAL DIVISION)
ON APPEAL FROM THE CROWN COURT AT BIRMINGHAM
HIS HONOUR JUDGE PEMBERTON
Royal Courts of Justice
Strand, London, WC2A 2LL
Date: 05/02/2019
Before:
LORD JUSTICE HALLORAN
MR JUSTICE ASHWORTH
and
HER HONOUR JUDGE KINSELLA
Between:
REGINA, Respondent
- and -
DANIEL OKONJO, Appellant
Ms F. Marsh for the Appellant; Mr T. Grieve for the Crown
Hearing date: 22 January 2019
Approved Judgment
Lord Justice Halloran:
1. The appellant was convicted of arranging or facilitating the travel of another person with a view to exploitation, contrary to section 2 of the Modern Slavery Act 2015, and was sentenced to eight years' imprisonment. He appeals against conviction with the leave of the single judge.
2. The complainant, a young woman from Albania, gave evidence that the appellant arranged her journey to Birmingham and took her wages from a car wash.
3. The ground of appeal is that the judge ought to have left to the jury the statutory defence under section 45 of the Act.
4. There was no evidence on which a jury could have found that the appellant was himself a victim compelled to act. The judge was right not to leave the defence.
5. For these reasons the appeal is dismissed.
"""

MEXICO_CODE = """\
CÓDIGO PENAL FEDERAL
CÁMARA DE DIPUTADOS DEL H. CONGRESO DE LA UNIÓN
Secretaría General
Secretaría de Servicios Parlamentarios
Nuevo Código publicado en el Diario Oficial de la Federación el 14 de agosto de 1931
TEXTO VIGENTE
Última reforma publicada DOF 01-04-2024
Al margen un sello con el Escudo Nacional, que dice: Estados Unidos Mexicanos.- Presidencia de la República.
CÓDIGO PENAL FEDERAL
LIBRO PRIMERO
TÍTULO PRIMERO
Responsabilidad Penal
CAPÍTULO I
Reglas generales sobre delitos y responsabilidad
Artículo 1o.- Este Código se aplicará en toda la República para los delitos del orden federal.
Artículo 2o.- Se aplicará, asimismo, por los delitos que se inicien, preparen o cometan en el extranjero, cuando produzcan o se pretenda que tengan efectos en el territorio de la República.
Artículo 3o.- Los delitos continuos cometidos en el extranjero, que se sigan cometiendo en la República, se perseguirán con arreglo a las leyes de ésta.
Artículo 4o.- Los delitos cometidos en territorio extranjero por un mexicano contra mexicanos o contra extranjeros, o por un extranjero contra mexicanos, serán penados en la República.
Artículo 5o.- Se considerarán como ejecutados en territorio de la República los delitos cometidos en los buques nacionales.
Artículo 6o.- Cuando se cometa un delito no previsto en este Código, pero sí en una ley especial, se aplicará ésta.
Artículo 7o.- Delito es el acto u omisión que sancionan las leyes penales.
Artículo 8o.- Las acciones u omisiones delictivas solamente pueden realizarse dolosa o culposamente.
Artículo 9o.- Obra dolosamente el que, conociendo los elementos del tipo penal, quiere o acepta la realización del hecho.
Artículo 10.- Los delitos culposos solamente serán punibles en los casos expresamente determinados por la ley.
Artículo 11.- Cuando algún miembro o representante de una persona jurídica cometa un delito, el juez podrá decretar su suspensión.
Artículo 12.- Existe tentativa punible cuando la resolución de cometer un delito se exterioriza ejecutando la conducta.
Artículo 13.- Son autores o partícipes del delito los que acuerden o preparen su realización.
Artículo 14.- Si varios delincuentes toman parte en la realización de un delito, todos serán responsables.
Artículo 15.- El delito se excluye cuando se realice la acción o la omisión sin intervención de la voluntad del agente.
Artículo 16.- Al que se exceda en los casos de legítima defensa se le impondrá la pena del delito culposo.
Artículo 17.- Las causas que excluyen el delito se investigarán y resolverán de oficio.
Artículo 18.- Existe concurso ideal cuando con una sola conducta se cometen varios delitos.
Artículo 19.- No hay concurso cuando las conductas constituyan un delito continuado.
Artículo 20.- Hay reincidencia siempre que el condenado por sentencia ejecutoria cometa un nuevo delito.
"""

BRAZIL_LAW = """\
Presidência da República
Casa Civil
Subchefia para Assuntos Jurídicos
LEI Nº 13.344, DE 6 DE OUTUBRO DE 2016.
Dispõe sobre prevenção e repressão ao tráfico interno e internacional de pessoas e sobre medidas de atenção às vítimas; altera a Lei nº 6.815, de 19 de agosto de 1980, o Decreto-Lei nº 3.689, de 3 de outubro de 1941 (Código de Processo Penal), e o Decreto-Lei nº 2.848, de 7 de dezembro de 1940 (Código Penal); e revoga dispositivos do Decreto-Lei nº 2.848, de 7 de dezembro de 1940 (Código Penal).
O PRESIDENTE DA REPÚBLICA Faço saber que o Congresso Nacional decreta e eu sanciono a seguinte Lei:
CAPÍTULO I
DISPOSIÇÕES GERAIS
Art. 1º Esta Lei dispõe sobre o tráfico de pessoas cometido no território nacional contra vítima brasileira ou estrangeira e no exterior contra vítima brasileira.
Parágrafo único. O enfrentamento ao tráfico de pessoas compreende a prevenção e a repressão desse delito, bem como a atenção às suas vítimas.
CAPÍTULO II
DOS PRINCÍPIOS E DAS DIRETRIZES
Art. 2º O enfrentamento ao tráfico de pessoas atenderá aos seguintes princípios: respeito à dignidade da pessoa humana; promoção e garantia da cidadania e dos direitos humanos; universalidade, indivisibilidade e interdependência.
Art. 3º O enfrentamento ao tráfico de pessoas atenderá às seguintes diretrizes: fortalecimento do pacto federativo; articulação com organizações governamentais e não governamentais nacionais e estrangeiras.
CAPÍTULO III
DA PREVENÇÃO AO TRÁFICO DE PESSOAS
Art. 4º A prevenção ao tráfico de pessoas dar-se-á por meio da implementação de medidas intersetoriais e integradas nas áreas de saúde, educação, trabalho, segurança pública, justiça, turismo, assistência social, desenvolvimento rural, esportes, comunicação, cultura e direitos humanos.
CAPÍTULO IV
DA REPRESSÃO AO TRÁFICO DE PESSOAS
Art. 5º A repressão ao tráfico de pessoas dar-se-á por meio da cooperação entre órgãos do sistema de justiça e segurança, nacionais e estrangeiros.
Art. 6º A proteção e o atendimento à vítima direta ou indireta do tráfico de pessoas compreendem assistência jurídica, social, de trabalho e emprego e de saúde.
Art. 7º A Lei nº 6.815, de 19 de agosto de 1980, passa a vigorar acrescida do artigo 18-A, que concede residência permanente às vítimas de tráfico de pessoas no território nacional.
Art. 8º O juiz, de ofício, a requerimento do Ministério Público ou mediante representação do delegado de polícia, poderá decretar medidas assecuratórias relacionadas a bens, direitos ou valores pertencentes ao investigado ou acusado.
Art. 9º Aplica-se subsidiariamente, no que couber, o disposto na Lei nº 12.850, de 2 de agosto de 2013.
Art. 10. O Poder Público é autorizado a criar sistema de informações visando à coleta e à gestão de dados que orientem o enfrentamento ao tráfico de pessoas.
Art. 11. O Decreto-Lei nº 3.689, de 3 de outubro de 1941 (Código de Processo Penal), passa a vigorar acrescido dos artigos 13-A e 13-B.
Art. 12. O inciso V do artigo 83 do Decreto-Lei nº 2.848, de 7 de dezembro de 1940 (Código Penal), passa a vigorar com nova redação.
Art. 13. O Decreto-Lei nº 2.848, de 7 de dezembro de 1940 (Código Penal), passa a vigorar acrescido do artigo 149-A, que tipifica o crime de tráfico de pessoas.
Art. 14. É instituído o Dia Nacional de Enfrentamento ao Tráfico de Pessoas, a ser comemorado, anualmente, em 30 de julho.
Art. 15. Serão adotadas campanhas relacionadas ao enfrentamento ao tráfico de pessoas.
Art. 16. Revogam-se os artigos 231 e 231-A do Decreto-Lei nº 2.848, de 7 de dezembro de 1940 (Código Penal).
Art. 17. Esta Lei entra em vigor após decorridos 45 (quarenta e cinco) dias de sua publicação oficial.
Brasília, 6 de outubro de 2016; 195º da Independência e 128º da República.
MICHEL TEMER
"""

US_LAW = """\
PUBLIC LAW 106-386 - OCT. 28, 2000
114 STAT. 1464
Public Law 106-386
106th Congress
An Act
To combat trafficking in persons, especially into the sex trade, slavery, and involuntary servitude, to reauthorize certain Federal programs to prevent violence against women, and for other purposes.
Be it enacted by the Senate and House of Representatives of the United States of America in Congress assembled,
SECTION 1. SHORT TITLE.
This Act may be cited as the "Victims of Trafficking and Violence Protection Act of 2000".
DIVISION A - TRAFFICKING VICTIMS PROTECTION ACT OF 2000
SEC. 101. SHORT TITLE.
This division may be cited as the "Trafficking Victims Protection Act of 2000".
SEC. 102. PURPOSES AND FINDINGS.
(a) PURPOSES. - The purposes of this division are to combat trafficking in persons, a contemporary manifestation of slavery whose victims are predominantly women and children, to ensure just and effective punishment of traffickers, and to protect their victims.
SEC. 103. DEFINITIONS.
In this division: (1) The term "coercion" means threats of serious harm to or physical restraint against any person.
SEC. 104. ANNUAL COUNTRY REPORTS ON HUMAN RIGHTS PRACTICES.
The Foreign Assistance Act of 1961 is amended by adding a description of the nature and extent of severe forms of trafficking in persons in each foreign country.
SEC. 105. INTERAGENCY TASK FORCE TO MONITOR AND COMBAT TRAFFICKING.
(a) ESTABLISHMENT. - The President shall establish an Interagency Task Force to Monitor and Combat Trafficking.
SEC. 106. PREVENTION OF TRAFFICKING.
(a) ECONOMIC ALTERNATIVES TO PREVENT AND DETER TRAFFICKING. - The President shall establish and carry out international initiatives to enhance economic opportunity for potential victims of trafficking.
SEC. 107. PROTECTION AND ASSISTANCE FOR VICTIMS OF TRAFFICKING.
(a) ASSISTANCE FOR VICTIMS IN OTHER COUNTRIES. - The Secretary of State and the Administrator of the United States Agency for International Development shall establish and carry out programs and initiatives in foreign countries to assist in the safe integration of victims.
SEC. 108. MINIMUM STANDARDS FOR THE ELIMINATION OF TRAFFICKING.
(a) MINIMUM STANDARDS. - The government of the country should prohibit severe forms of trafficking in persons and punish acts of such trafficking.
SEC. 109. ASSISTANCE TO FOREIGN COUNTRIES TO MEET MINIMUM STANDARDS.
SEC. 110. ACTIONS AGAINST GOVERNMENTS FAILING TO MEET MINIMUM STANDARDS.
SEC. 111. ACTIONS AGAINST SIGNIFICANT TRAFFICKERS IN PERSONS.
SEC. 112. STRENGTHENING PROSECUTION AND PUNISHMENT OF TRAFFICKERS.
(a) TITLE 18 AMENDMENTS. - Chapter 77 of title 18, United States Code, is amended by inserting section 1589 (forced labor), section 1590 (trafficking with respect to peonage, slavery, involuntary servitude, or forced labor) and section 1591 (sex trafficking of children or by force, fraud, or coercion).
SEC. 113. AUTHORIZATIONS OF APPROPRIATIONS.
Approved October 28, 2000.
"""


CHILE = """\
Santiago, veintiocho de mayo de dos mil veintiuno.
VISTOS, OÍDOS LOS INTERVINIENTES Y CONSIDERANDO:
PRIMERO: Tribunal e intervinientes. Que ante este Cuarto Tribunal de Juicio Oral en lo Penal de Santiago, constituido por la jueza presidenta doña M. R. S. y los jueces don P. A. L. y don J. C. V., se llevó a efecto la audiencia del juicio oral de la causa RIT 123-2020, RUC 1900456789-3, seguida contra Ignacio Benítez Robles, por el delito de trata de personas del artículo 411 quáter del Código Penal.
SEGUNDO: Acusación. Que el Ministerio Público acusó al imputado por haber captado a dos mujeres en el extranjero con una oferta de trabajo en un restaurante y haberlas obligado a ejercer el comercio sexual en un departamento de la comuna de Santiago.
TERCERO: Alegatos. La defensa solicitó la absolución por falta de prueba del engaño.
CUARTO: Que la prueba rendida acredita, más allá de toda duda razonable, la captación mediante engaño y el acogimiento con fines de explotación sexual.
Y visto además lo dispuesto en los artículos 1, 14, 15 y 411 quáter del Código Penal y 295, 340 y 348 del Código Procesal Penal, SE DECLARA:
I. Que se CONDENA a IGNACIO BENÍTEZ ROBLES a la pena de diez años y un día de presidio mayor en su grado medio, como autor del delito consumado de trata de personas.
II. Que se le condena, además, a las penas accesorias legales.
Regístrese y archívese en su oportunidad.
RIT 123-2020
RUC 1900456789-3
Dictada por el Cuarto Tribunal de Juicio Oral en lo Penal de Santiago.
"""

SPAIN_AP = """\
AUDIENCIA PROVINCIAL DE MADRID
Sección Quinta
Rollo de Sala nº 456/2018
Procedimiento Abreviado nº 789/2017
Juzgado de Instrucción nº 3 de Alcobendas
SENTENCIA Nº 321/2019
Ilmos. Sres. Magistrados:
D. F. G. H. (Presidente)
Dña. L. M. N.
D. R. S. T. (Ponente)
En Madrid, a veinte de mayo de dos mil diecinueve.
Vista en juicio oral y público ante la Sección Quinta de esta Audiencia Provincial la causa procedente del Juzgado de Instrucción nº 3 de Alcobendas, seguida por delito de trata de seres humanos contra Cornel Dragomir, con intervención del Ministerio Fiscal.
ANTECEDENTES DE HECHO
PRIMERO. El Ministerio Fiscal, en sus conclusiones definitivas, calificó los hechos como constitutivos de un delito de trata de seres humanos del artículo 177 bis del Código Penal.
HECHOS PROBADOS
Se declara probado que el acusado captó a una joven en su país ofreciéndole un empleo de camarera y, una vez en España, le retiró el pasaporte y la obligó a ejercer la prostitución.
FUNDAMENTOS DE DERECHO
PRIMERO. Los hechos declarados probados son constitutivos de un delito de trata de seres humanos con fines de explotación sexual.
FALLO
Que debemos CONDENAR y CONDENAMOS a Cornel Dragomir como autor responsable de un delito de trata de seres humanos, sin la concurrencia de circunstancias modificativas, a la pena de seis años de prisión.
Notifíquese esta sentencia a las partes, haciéndoles saber que contra la misma cabe recurso de apelación.
"""

BRAZIL_STJ = """\
SUPERIOR TRIBUNAL DE JUSTIÇA
HABEAS CORPUS Nº 612345 - MS (2020/0234567-8)
RELATOR: MINISTRO A. B. C.
IMPETRANTE: DEFENSORIA PÚBLICA DO ESTADO DE MATO GROSSO DO SUL
IMPETRADO: TRIBUNAL DE JUSTIÇA DO ESTADO DE MATO GROSSO DO SUL
PACIENTE: DENILSON RAMOS PRADO
EMENTA
HABEAS CORPUS. TRÁFICO DE PESSOAS. PRISÃO PREVENTIVA. FUNDAMENTAÇÃO IDÔNEA. GRAVIDADE CONCRETA. ORDEM DENEGADA.
1. A prisão preventiva está fundamentada na gravidade concreta da conduta, uma vez que o paciente integraria organização voltada ao aliciamento de trabalhadores para trabalho em condições análogas à de escravo.
ACÓRDÃO
Vistos, relatados e discutidos estes autos, acordam os Ministros da Sexta Turma do Superior Tribunal de Justiça, por unanimidade, denegar a ordem, nos termos do voto do Sr. Ministro Relator.
Brasília (DF), 15 de dezembro de 2020 (Data do Julgamento)
RELATÓRIO
Trata-se de habeas corpus impetrado em favor de Denilson Ramos Prado contra acórdão do Tribunal de Justiça do Estado de Mato Grosso do Sul que manteve sua prisão preventiva.
VOTO
A decisão que decretou a prisão preventiva apontou elementos concretos. Ante o exposto, denego a ordem.
"""

US_ACQUITTAL = """\
UNITED STATES DISTRICT COURT
EASTERN DISTRICT OF NEW YORK
UNITED STATES OF AMERICA
v.
LUIS ARMANDO PEÑA
Case No. 2:20-cr-00345
MEMORANDUM AND ORDER
The defendant was tried before a jury on one count of forced labor in violation of 18 U.S.C. § 1589. At the close of the government's case, the defendant moved for a judgment of acquittal under Federal Rule of Criminal Procedure 29.
I. BACKGROUND
The government alleged that the defendant, a restaurant owner, obtained the labor of two cooks by threatening to report them to immigration authorities.
II. DISCUSSION
Viewing the evidence in the light most favorable to the government, no rational trier of fact could find beyond a reasonable doubt that the defendant knowingly obtained labor by means of serious harm or threats of serious harm.
III. CONCLUSION
For the foregoing reasons, the defendant's motion for a judgment of acquittal is GRANTED. The defendant is acquitted on Count One and his bond is exonerated.
SO ORDERED.
Dated: Brooklyn, New York
August 12, 2021
"""

UK_CROWN = """\
IN THE CROWN COURT AT LEEDS
Case No: T20197001
R v KAMIL NOWAK
SENTENCING REMARKS OF HIS HONOUR JUDGE ASHCROFT
14 June 2019
1. Kamil Nowak, you have pleaded guilty to two offences of holding a person in slavery or servitude, contrary to section 1 of the Modern Slavery Act 2015.
2. You recruited vulnerable men from Poland with the promise of well-paid work, housed them in overcrowded conditions and kept most of their wages.
3. These offences fall within culpability category A. The harm caused was serious and long-lasting.
4. Taking into account your guilty plea, the sentence is one of six years' imprisonment on each count, concurrent.
5. A Slavery and Trafficking Reparation Order is made.
"""

PERU_CASACION = """\
CORTE SUPREMA DE JUSTICIA DE LA REPÚBLICA
SALA PENAL TRANSITORIA
CASACIÓN N.° 1234-2019/AREQUIPA
PONENTE: JUEZ SUPREMO F. G. H.
Trata de personas: consentimiento de la víctima
Sumilla. El consentimiento de la víctima adolescente carece de efectos cuando media una situación de vulnerabilidad.
SENTENCIA DE CASACIÓN
Lima, tres de marzo de dos mil veintiuno
VISTOS: en audiencia pública, el recurso de casación interpuesto por el encausado contra la sentencia de vista que confirmó la de primera instancia, que lo condenó como autor del delito de trata de personas agravada.
FUNDAMENTOS DE HECHO
Primero. El encausado fue condenado a doce años de pena privativa de libertad.
FUNDAMENTOS DE DERECHO
Segundo. La Sala Superior valoró correctamente la prueba y aplicó la ley penal.
DECISIÓN
Por estos fundamentos, declararon INFUNDADO el recurso de casación interpuesto por el encausado; en consecuencia, NO CASARON la sentencia de vista.
"""

SPAIN_CODE = """\
Ley Orgánica 10/1995, de 23 de noviembre, del Código Penal.
Jefatura del Estado
«BOE» núm. 281, de 24 de noviembre de 1995
Referencia: BOE-A-1995-25444
TEXTO CONSOLIDADO
Última modificación: 28 de junio de 2023
JUAN CARLOS I
REY DE ESPAÑA
A todos los que la presente vieren y entendieren.
Sabed: Que las Cortes Generales han aprobado y Yo vengo en sancionar la siguiente Ley Orgánica.
LIBRO I
Disposiciones generales sobre los delitos, las personas responsables, las penas
TÍTULO PRELIMINAR
De las garantías penales y de la aplicación de la Ley penal
Artículo 1.
1. No será castigada ninguna acción ni omisión que no esté prevista como delito por ley anterior a su perpetración.
Artículo 2.
1. No será castigado ningún delito con pena que no se halle prevista por ley anterior a su perpetración.
Artículo 3.
1. No podrá ejecutarse pena ni medida de seguridad sino en virtud de sentencia firme.
Artículo 4.
1. Las leyes penales no se aplicarán a casos distintos de los comprendidos expresamente en ellas.
Artículo 5.
No hay pena sin dolo o imprudencia.
Artículo 6.
1. Las medidas de seguridad se fundamentan en la peligrosidad criminal del sujeto.
Artículo 7.
A los efectos de determinar la ley penal aplicable en el tiempo, los delitos se consideran cometidos en el momento en que el sujeto ejecuta la acción.
Artículo 8.
Los hechos susceptibles de ser calificados con arreglo a dos o más preceptos de este Código se castigarán observando las siguientes reglas.
Artículo 9.
Las disposiciones de este Título se aplicarán a los delitos que se hallen penados por leyes especiales.
Artículo 10.
Son delitos las acciones y omisiones dolosas o imprudentes penadas por la ley.
"""

UK_ACT = """\
Modern Slavery Act 2015
2015 CHAPTER 30
An Act to make provision about slavery, servitude and forced or compulsory labour and about human trafficking, including provision for the protection of victims; to make provision for an Independent Anti-slavery Commissioner; and for connected purposes.
[26th March 2015]
BE IT ENACTED by the Queen's most Excellent Majesty, by and with the advice and consent of the Lords Spiritual and Temporal, and Commons, in this present Parliament assembled, and by the authority of the same, as follows:
PART 1
OFFENCES
1 Slavery, servitude and forced or compulsory labour
(1) A person commits an offence if the person holds another person in slavery or servitude.
2 Human trafficking
(1) A person commits an offence if the person arranges or facilitates the travel of another person with a view to that person being exploited.
3 Meaning of exploitation
(1) For the purposes of section 2 a person is exploited only if one or more of the following subsections apply.
4 Committing offence with intent to commit offence under section 2
A person commits an offence under this section if the person commits any offence with the intention of committing an offence under section 2.
5 Penalties
(1) A person guilty of an offence under section 1 or 2 is liable on conviction on indictment to imprisonment for life.
6 Itinerant offenders
A person who is convicted in England and Wales of an offence under section 1 or 2 shall be treated as an itinerant offender.
7 Forfeiture of land vehicle, ship or aircraft
This section applies if a person is convicted on indictment of an offence under section 2.
8 Power to make slavery and trafficking reparation orders
The court may make a slavery and trafficking reparation order against the person.
9 Effect of slavery and trafficking reparation orders
A slavery and trafficking reparation order requires the person to pay compensation to the victim.
10 Slavery and trafficking reparation orders: supplementary provision
(1) The court may not make an order under section 8 if the person has been made subject to a confiscation order.
"""

REPORT = """\
INFORME REGIONAL
Análisis de la jurisprudencia sobre trata de personas en América Latina, 2018-2022
Oficina de las Naciones Unidas contra la Droga y el Delito
Resumen ejecutivo
Este informe analiza sentencias de tribunales de Argentina, Colombia, México y Perú dictadas entre 2018 y 2022. En Argentina, los Tribunales Orales en lo Criminal Federal condenaron en la mayoría de las causas; en Colombia, los Juzgados Penales del Circuito aprobaron preacuerdos.
1. Metodología
Se revisaron 120 sentencias de primera instancia y 40 resoluciones de recursos de apelación y casación. Para cada sentencia se registró el tribunal, la fecha, el delito y la pena.
2. Hallazgos
En México, los Juzgados de Distrito impusieron penas de entre 10 y 20 años. En Perú, las Salas Penales de Apelaciones confirmaron la mayoría de las condenas.
3. Conclusiones
La valoración del testimonio de la víctima es el punto decisivo en casi todos los casos.
"""


GUATEMALA = """\
ORGANISMO JUDICIAL
TRIBUNAL DUODÉCIMO DE SENTENCIA PENAL, NARCOACTIVIDAD Y DELITOS CONTRA EL AMBIENTE DEL DEPARTAMENTO DE GUATEMALA
C-01076-2019-00123
Of. 2do.
Guatemala, dieciocho de febrero de dos mil veintiuno.
I. IDENTIFICACIÓN DE LAS PARTES
Procesado: Edgar Rolando Morales Cifuentes. Acusador: Ministerio Público, a través de la Fiscalía contra la Trata de Personas.
II. ENUNCIACIÓN DE LOS HECHOS
El Ministerio Público acusó al procesado por haber captado a tres adolescentes en el municipio de Mixco con fines de explotación sexual en un bar de su propiedad.
III. DE LA DELIBERACIÓN Y VOTACIÓN
Las juezas y el juez del tribunal, por unanimidad, consideran acreditada la existencia del delito de trata de personas y la participación del procesado.
POR TANTO
Este Tribunal, con base en lo considerado y leyes citadas, por unanimidad, al resolver DECLARA: I. Que EDGAR ROLANDO MORALES CIFUENTES es autor responsable del delito de TRATA DE PERSONAS, cometido contra la libertad de tres adolescentes. II. Por tal infracción a la ley penal se le impone la pena de dieciséis años de prisión inconmutables. III. Notifíquese.
"""

COSTA_RICA = """\
TRIBUNAL DE APELACIÓN DE SENTENCIA PENAL
SEGUNDO CIRCUITO JUDICIAL DE SAN JOSÉ
Expediente: 19-000123-0042-PE
Contra: Mauricio Solano Araya
Delito: Trata de personas
Ofendidas: K. M. V. y otra
Voto N.° 2021-0456
TRIBUNAL DE APELACIÓN DE SENTENCIA PENAL DEL SEGUNDO CIRCUITO JUDICIAL DE SAN JOSÉ. Goicoechea, a las diez horas del veinte de abril de dos mil veintiuno.
RECURSO DE APELACIÓN interpuesto por la defensa del imputado contra la sentencia del Tribunal Penal de Heredia que lo condenó a diez años de prisión por el delito de trata de personas.
CONSIDERANDO:
I. La defensa alega falta de fundamentación en la valoración de la prueba testimonial.
II. El tribunal de juicio explicó con detalle por qué creyó el relato de las ofendidas, que coincide con los registros migratorios.
POR TANTO:
Se declara sin lugar el recurso de apelación interpuesto por la defensa. Se confirma la sentencia impugnada. Notifíquese.
"""

COLOMBIA_CSJ = """\
CORTE SUPREMA DE JUSTICIA
SALA DE CASACIÓN PENAL
Magistrado Ponente
SP1234-2021
Radicación N° 54321
Aprobado acta N° 80
Bogotá D.C., catorce (14) de abril de dos mil veintiuno (2021).
VISTOS
Decide la Sala el recurso extraordinario de casación interpuesto por el defensor de Jhon Fredy Cárdenas Mesa contra la sentencia del Tribunal Superior del Distrito Judicial de Medellín que confirmó la condena por el delito de trata de personas.
HECHOS
El procesado ofreció a dos jóvenes un trabajo como modelos en el exterior; una vez en destino, fueron obligadas a ejercer la prostitución para pagar los pasajes.
CONSIDERACIONES
La demanda no demuestra el error de hecho alegado en la apreciación de los testimonios de las víctimas.
DECISIÓN
En mérito de lo expuesto, la Corte Suprema de Justicia, Sala de Casación Penal, administrando justicia en nombre de la República y por autoridad de la ley, RESUELVE: NO CASAR la sentencia impugnada.
Contra esta decisión no procede recurso alguno.
"""

VENEZUELA = """\
TRIBUNAL SUPREMO DE JUSTICIA
SALA DE CASACIÓN PENAL
Ponencia de la Magistrada E. F. G.
Exp. AA30-P-2019-000123
El 5 de marzo de 2019, se recibió en la Sala de Casación Penal el expediente contentivo del recurso de casación interpuesto por la defensa del ciudadano Wilmer José Rangel Pérez, contra la sentencia de la Corte de Apelaciones del Circuito Judicial Penal del estado Zulia, que confirmó la condena por el delito de trata de personas.
I. DE LOS HECHOS
El acusado trasladó a tres mujeres desde Maracaibo hacia otro país con fines de explotación sexual.
II. DEL RECURSO DE CASACIÓN
La defensa denuncia la falta de motivación de la sentencia recurrida.
III. MOTIVACIÓN PARA DECIDIR
La Sala observa que la recurrida expresó las razones de hecho y de derecho en que fundó su decisión.
DECISIÓN
Por las razones expuestas, el Tribunal Supremo de Justicia, en Sala de Casación Penal, administrando justicia en nombre de la República Bolivariana de Venezuela y por autoridad de la ley, DESESTIMA POR MANIFIESTAMENTE INFUNDADO el recurso de casación propuesto.
Dada, firmada y sellada en el Salón de Audiencias del Tribunal Supremo de Justicia, en Caracas, a los once días del mes de junio de dos mil diecinueve.
"""


def judgment(
    country: str,
    year: int,
    numbers: tuple[str, ...],
    court: tuple[str, ...],
    outcome: str,
    decided: str,
    also: tuple[str, ...] = (),
) -> Expected:
    return Expected("judgment", country, year, "", numbers, court, outcome, decided, also)


CASES = {
    "peru-first-instance": (
        PERU_FIRST,
        judgment(
            "Peru",
            2020,
            ("00123-2019-0-1801-JR-PE-01",),
            ("juzgado", "penal", "colegiado"),
            "conviction",
            "2020-07-23",
        ),
    ),
    "peru-appeal": (
        PERU_APPEAL,
        judgment(
            "Peru",
            2020,
            ("00456-2018-12-1001-JR-PE-03",),
            ("sala", "penal", "apelaciones"),
            "other",
            "2020-10-16",
        ),
    ),
    "colombia": (
        COLOMBIA,
        judgment(
            "Colombia",
            2020,
            ("76001-60-00000-2019-00123-00",),
            ("juzgado", "penal", "circuito"),
            "conviction",
            "2020-09-17",
        ),
    ),
    "argentina": (
        ARGENTINA,
        judgment(
            "Argentina",
            2021,
            ("1234/2019",),
            ("tribunal", "oral", "criminal", "federal"),
            "conviction",
            "2021-03-12",
        ),
    ),
    "mexico": (
        MEXICO,
        judgment("Mexico", 2020, ("123/2019",), ("juzgado", "distrito"), "conviction", "2020-06-15"),
    ),
    "spain": (
        SPAIN,
        judgment(
            "Spain",
            2019,
            ("STS 1234/2019", "178/2019", "10456/2018"),
            ("tribunal", "supremo", "penal"),
            "other",
            "2019-04-09",
            also=("Romania",),
        ),
    ),
    "brazil-first-instance": (
        BRAZIL_FIRST,
        judgment(
            "Brazil",
            2020,
            ("0001234-56.2019.8.26.0050",),
            ("vara", "criminal"),
            "conviction",
            "2020-10-20",
            also=("Paraguay",),
        ),
    ),
    "brazil-acordao": (
        BRAZIL_APPEAL,
        judgment(
            "Brazil",
            2021,
            ("0004567-12.2018.4.03.6181", "0004567-12.2018.4.03.6181/SP"),
            ("tribunal", "regional", "federal"),
            "other",
            "2021-03-09",
            also=("Spain",),
        ),
    ),
    "portugal-relacao": (
        PORTUGAL_APPEAL,
        judgment(
            "Portugal",
            2021,
            ("123/19.0JAPRT.P1", "123/19.0JAPRT"),
            ("tribunal", "relacao", "porto"),
            "other",
            "2021-03-10",
        ),
    ),
    "portugal-first-instance": (
        PORTUGAL_FIRST,
        judgment(
            "Portugal", 2021, ("456/20.3JABRG",), ("juizo", "central", "criminal"), "acquittal", "2021-07-14"
        ),
    ),
    "us-district": (
        US_DISTRICT,
        judgment(
            "United States",
            2020,
            ("4:19-cr-00123",),
            ("district", "court", "southern", "texas"),
            "conviction",
            "2020-03-05",
        ),
    ),
    "us-appeal": (
        US_APPEAL,
        judgment(
            "United States",
            2021,
            ("20-12345",),
            ("court", "appeals", "eleventh", "circuit"),
            "other",
            "2021-03-03",
        ),
    ),
    "uk-appeal": (
        UK_APPEAL,
        judgment(
            "United Kingdom",
            2019,
            ("[2019] EWCA Crim 123", "201801234 B1", "201801234"),
            ("court", "appeal"),
            "other",
            "2019-02-05",
            also=("Albania",),
        ),
    ),
    "chile": (
        CHILE,
        judgment(
            "Chile",
            2021,
            ("RIT 123-2020", "123-2020", "1900456789-3"),
            ("tribunal", "juicio", "oral", "penal"),
            "conviction",
            "2021-05-28",
        ),
    ),
    "spain-audiencia": (
        SPAIN_AP,
        judgment(
            "Spain",
            2019,
            ("456/2018", "321/2019", "789/2017"),
            ("audiencia", "provincial", "madrid"),
            "conviction",
            "2019-05-20",
        ),
    ),
    "brazil-stj": (
        BRAZIL_STJ,
        judgment(
            "Brazil",
            2020,
            ("612345", "612345 - MS", "2020/0234567-8"),
            ("superior", "tribunal", "justica"),
            "other",
            "2020-12-15",
        ),
    ),
    "us-acquittal": (
        US_ACQUITTAL,
        judgment(
            "United States",
            2021,
            ("2:20-cr-00345",),
            ("district", "court", "eastern", "new", "york"),
            "acquittal",
            "2021-08-12",
        ),
    ),
    "uk-crown": (
        UK_CROWN,
        judgment(
            "United Kingdom",
            2019,
            ("T20197001",),
            ("crown", "court", "leeds"),
            "conviction",
            "2019-06-14",
            also=("Poland",),
        ),
    ),
    "peru-casacion": (
        PERU_CASACION,
        judgment(
            "Peru",
            2021,
            ("1234-2019/AREQUIPA", "1234-2019"),
            ("corte", "suprema", "sala", "penal"),
            "other",
            "2021-03-03",
        ),
    ),
    "guatemala": (
        GUATEMALA,
        judgment(
            "Guatemala",
            2021,
            ("C-01076-2019-00123",),
            ("tribunal", "sentencia", "penal"),
            "conviction",
            "2021-02-18",
        ),
    ),
    "costa-rica": (
        COSTA_RICA,
        judgment(
            "Costa Rica",
            2021,
            ("19-000123-0042", "2021-0456"),
            ("tribunal", "apelacion", "sentencia"),
            "other",
            "2021-04-20",
        ),
    ),
    "colombia-casacion": (
        COLOMBIA_CSJ,
        judgment(
            "Colombia",
            2021,
            ("SP1234-2021", "54321"),
            ("corte", "suprema", "casacion", "penal"),
            "other",
            "2021-04-14",
        ),
    ),
    "venezuela": (
        VENEZUELA,
        judgment(
            "Venezuela",
            2019,
            ("AA30-P-2019-000123",),
            ("tribunal", "supremo", "casacion", "penal"),
            "other",
            "2019-06-11",
        ),
    ),
    "spain-code": (SPAIN_CODE, Expected("law", "Spain", 2023, "Ley Orgánica 10/1995")),
    "uk-act": (UK_ACT, Expected("law", "United Kingdom", 2015, "Modern Slavery Act 2015")),
    "report-on-case-law": (
        REPORT,
        Expected("report", "Argentina", 2022, also=("Colombia", "Mexico", "Peru")),
    ),
    "mexico-code": (MEXICO_CODE, Expected("law", "Mexico", 2024, "Código Penal Federal")),
    "brazil-law": (BRAZIL_LAW, Expected("law", "Brazil", 2016, "Lei nº 13.344")),
    "us-law": (
        US_LAW,
        Expected("law", "United States", 2000, "Victims of Trafficking and Violence Protection Act"),
    ),
}


def fold(text: object) -> str:
    plain = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode()
    return re.sub(r"\s+", " ", plain.lower())


def compact(text: object) -> str:
    return re.sub(r"\s+", "", str(text or "")).upper()


@pytest.fixture(scope="module")
def built() -> dict[str, dict[str, object]]:
    found: dict[str, dict[str, object]] = {}
    for name, (text, _) in CASES.items():
        lines = [line for line in text.splitlines() if line.strip()]
        source = Source(key=f"test:formats:{name}", name=f"{name}.txt", data="\n\n".join(lines).encode())
        document, _ = build_document(source, people=False)
        found[name] = {**document.metadata, "title": document.title}
    return found


@pytest.mark.parametrize("name", list(CASES))
def test_kind_country_and_year(built: dict[str, dict[str, object]], name: str) -> None:
    meta, expected = built[name], CASES[name][1]
    found = list(meta["countries"])  # type: ignore[call-overload]
    assert (meta["kind"], found[:1], meta.get("year")) == (expected.kind, [expected.country], expected.year)
    assert set(found[1:]) <= set(expected.also), found


@pytest.mark.parametrize("name", [name for name, (_, e) in CASES.items() if e.kind in ("judgment", "law")])
def test_title_carries_the_case_number_or_the_law_name(
    built: dict[str, dict[str, object]], name: str
) -> None:
    meta, expected = built[name], CASES[name][1]
    title = fold(meta["title"])
    if expected.kind == "law":
        assert fold(expected.title_has) in title, meta["title"]
    else:
        assert any(fold(number) in title for number in expected.case_numbers), meta["title"]


JUDGMENTS = [name for name, (_, expected) in CASES.items() if expected.kind == "judgment"]


@pytest.mark.parametrize("name", JUDGMENTS)
def test_case_number(built: dict[str, dict[str, object]], name: str) -> None:
    meta, expected = built[name], CASES[name][1]
    assert compact(meta.get("case_number")) in {compact(n) for n in expected.case_numbers}, meta.get(
        "case_number"
    )


@pytest.mark.parametrize("name", JUDGMENTS)
def test_court(built: dict[str, dict[str, object]], name: str) -> None:
    meta, expected = built[name], CASES[name][1]
    court = fold(meta.get("court"))
    assert all(re.search(rf"\b{word}\b", court) for word in expected.court_words), meta.get("court")


@pytest.mark.parametrize("name", JUDGMENTS)
def test_outcome_and_decision_date(built: dict[str, dict[str, object]], name: str) -> None:
    meta, expected = built[name], CASES[name][1]
    assert (meta.get("outcome"), meta.get("decision_date")) == (expected.outcome, expected.decided)


# A DOCX or a text file gives a caption as one paragraph: its lines run together. Known gaps: a number
# that only its own line identifies (a US appeal's "No. 20-12345", Guatemala's bare "C-01076-2019-00123")
# and an act known only by its short title line.
RUN_TOGETHER_GAPS = {"us-appeal", "guatemala", "uk-act"}


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(name, marks=pytest.mark.xfail(strict=True, reason="needs the caption's lines"))
        if name in RUN_TOGETHER_GAPS
        else name
        for name in CASES
    ],
)
def test_a_caption_run_together_in_one_paragraph_gives_the_same_metadata(name: str) -> None:
    text, expected = CASES[name]
    document, _ = build_document(
        Source(key=f"test:run:{name}", name=f"{name}.txt", data=text.encode()), people=False
    )
    meta = document.metadata
    assert (meta["kind"], meta["countries"][:1], meta.get("year")) == (
        expected.kind,
        [expected.country],
        expected.year,
    )
    if expected.kind == "judgment":
        assert compact(meta.get("case_number")) in {compact(n) for n in expected.case_numbers}
        court = fold(meta.get("court"))
        assert all(re.search(rf"\b{word}\b", court) for word in expected.court_words), meta.get("court")
        assert (meta.get("outcome"), meta.get("decision_date")) == (expected.outcome, expected.decided)


@pytest.mark.parametrize(
    "caption,number",
    [
        ("Amparo directo en revisión 1234/2019", "1234/2019"),
        ("Crim. No. 19-10234-RGS", "19-10234-RGS"),
        ("Proc. n.º 77/18.2GAVNG.P1", "77/18.2GAVNG.P1"),
        ("Recurso de Casación núm. 10456/2018", "10456/2018"),
        ("Neutral Citation Number: [2020] EWHC 1234 (QB)", "[2020] EWHC 1234 (QB)"),
    ],
)
def test_case_numbers_of_other_courts(caption: str, number: str) -> None:
    found = judgments.case_number(caption, caption)
    assert found is not None and compact(number).startswith(compact(found)), found


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Date: 12th March 2021", date(2021, 3, 12)),
        ("Bogotá D.C., catorce (14) de abril de dos mil veintiuno (2021)", date(2021, 4, 14)),
        ("En Córdoba, a los doce días del mes de marzo de dos mil veintiuno", date(2021, 3, 12)),
        ("Lisboa, aos dois dias do mês de junho de 2020", date(2020, 6, 2)),
        ("Dated this 3rd day of May, 2019", date(2019, 5, 3)),
    ],
)
def test_dates_as_other_courts_write_them(text: str, expected: date) -> None:
    assert [found.value for found in dates.find_dates(text)][:1] == [expected]
